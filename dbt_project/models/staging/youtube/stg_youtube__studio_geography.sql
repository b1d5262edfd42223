with

source as (

    select * from {{ source('youtube', 'studio_geography') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(geography as {{ dbt.type_string() }}) as country_code,
        'youtube' as platform,

        ---------- numerics
        views,
        watch_time_hours,
        average_view_duration_seconds,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
