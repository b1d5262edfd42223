with

source as (

    select * from {{ source('pigeon', 'posts') }}

),

renamed as (

    select

        ---------- ids
        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'pigeon' as platform,

        ---------- strings
        post_url,

        ---------- lifetime counters
        views,
        likes,
        replies,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('posted_at') }} as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
