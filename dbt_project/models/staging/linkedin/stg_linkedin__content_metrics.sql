with

source as (

    select * from {{ source('linkedin', 'content_metrics') }}

),

renamed as (

    select

        cast(account_id as {{ dbt.type_string() }}) as account_id,
        date,
        impressions_organic,
        impressions_sponsored,
        impressions_total,
        unique_impressions_organic,
        clicks_organic,
        clicks_sponsored,
        clicks_total,
        reactions_organic,
        reactions_sponsored,
        reactions_total,
        comments_organic,
        comments_sponsored,
        comments_total,
        reposts_organic,
        reposts_sponsored,
        reposts_total,
        engagement_rate_organic,
        engagement_rate_sponsored,
        engagement_rate_total,
        'linkedin' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
