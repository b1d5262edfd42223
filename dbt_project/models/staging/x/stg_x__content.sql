with

source as (

    select * from {{ source('x', 'content') }}

),

renamed as (

    select

        ---------- ids
        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'x' as platform,

        ---------- strings
        post_link as post_url,
        post_text,

        ---------- organic lifetime counters
        impressions,
        likes,
        engagements,
        bookmarks,
        shares,
        new_follows,
        replies,
        reposts,
        profile_visits,
        detail_expands,
        url_clicks,
        hashtag_clicks,
        permalink_clicks,

        ---------- dates
        post_date as published_date,
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('post_time') }} as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
