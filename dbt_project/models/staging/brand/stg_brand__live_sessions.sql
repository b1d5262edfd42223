with

source as (

    select * from {{ source('brand', 'live_sessions') }}

),

renamed as (

    select

        ---------- ids
        cast(session_id as {{ dbt.type_string() }}) as session_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        platform,

        ---------- strings
        title,

        ---------- numerics (unique_viewers is reach: never summed across sessions)
        duration_minutes,
        peak_concurrent_viewers,
        unique_viewers,
        followers_at_start,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('started_at') }} as started_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
