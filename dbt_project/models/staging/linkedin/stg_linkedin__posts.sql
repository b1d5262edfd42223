with

source as (

    select * from {{ source('linkedin', 'posts') }}

),

renamed as (

    select

        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        post_title,
        post_link,
        post_type,
        campaign_name,
        posted_by,
        created_date,
        campaign_start_date,
        campaign_end_date,
        audience,
        impressions,
        views,
        offsite_views,
        clicks,
        click_through_rate,
        likes,
        comments,
        reposts,
        follows,
        engagement_rate,
        content_type,
        'linkedin' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
