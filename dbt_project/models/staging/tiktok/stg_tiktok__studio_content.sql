with

source as (

    select * from {{ source('tiktok', 'studio_content') }}

),

renamed as (

    select

        ---------- ids
        cast(video_id as {{ dbt.type_string() }}) as video_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'tiktok' as platform,

        ---------- strings
        account_handle,
        video_title,
        video_link,

        ---------- numerics: lifetime totals at export time (abbreviated ones rounded by TikTok)
        total_views as views,
        total_likes as likes,
        total_comments as comments,
        total_shares as shares,
        reach,
        average_watch_time_seconds,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps
        -- account-local: the export writes no time zone, and the account's zone is not in the file
        cast(post_time as {{ dbt.type_timestamp() }}) as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
