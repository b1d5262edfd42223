with

source as (

    select * from {{ source('meta_business_suite', 'instagram_mbs_posts') }}

),

renamed as (

    select

        ---------- ids
        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'instagram' as platform,

        ---------- strings
        account_username,
        account_name,
        description as caption,
        permalink as post_url,
        post_type,
        lower(trim(replace(post_type, 'IG ', ''))) as post_format,
        data_comment,

        ---------- numerics: lifetime counters at export time
        duration_sec as duration_seconds,
        views,
        impressions,
        reach,
        likes,
        comments,
        shares,
        saves,
        follows,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps
        -- account-local: Business Suite writes no time zone, and the account's zone is not in the export
        cast(publish_time as {{ dbt.type_timestamp() }}) as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
