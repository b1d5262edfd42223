with

source as (

    select * from {{ source('linkedin', 'follower_statistics') }}

),

renamed as (

    select

        cast(organization_urn as {{ dbt.type_string() }}) as organization_urn,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ adapter.quote('day') }} as {{ adapter.quote('day') }},
        {{ as_utc_timestamp('time_range_start') }} as time_range_start,
        {{ as_utc_timestamp('time_range_end') }} as time_range_end,
        organic_follower_gain,
        paid_follower_gain,
        'linkedin' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
