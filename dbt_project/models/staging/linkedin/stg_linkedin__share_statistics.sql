with

source as (

    select * from {{ source('linkedin', 'share_statistics') }}

),

renamed as (

    select

        cast(organization_urn as {{ dbt.type_string() }}) as organization_urn,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        nullif(share_urn, '') as share_urn,
        granularity,
        period,
        {{ as_utc_timestamp('time_range_start') }} as time_range_start,
        {{ as_utc_timestamp('time_range_end') }} as time_range_end,
        impression_count,
        unique_impressions_count,
        click_count,
        like_count,
        comment_count,
        share_count,
        share_mentions_count,
        comment_mentions_count,
        engagement,
        'linkedin' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
