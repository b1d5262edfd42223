with

source as (

    select * from {{ source('tiktok', 'studio_overview') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'tiktok' as platform,

        ---------- numerics: per day (comments and net_followers can be negative)
        video_views,
        profile_views,
        likes,
        comments,
        shares,
        followers,
        net_followers,

        ---------- dates
        -- the file writes no year: ingest infers it from the export date (see ingest/exports/tiktok_studio.py)
        {{ adapter.quote('date') }} as report_date,
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
