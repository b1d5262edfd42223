with

source as (

    select * from {{ source('x', 'api_posts') }}

),

renamed as (

    select

        ---------- ids
        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(author_id as {{ dbt.type_string() }}) as author_id,
        'x' as platform,

        ---------- strings
        text as post_text,
        edit_history_tweet_ids,

        ---------- public lifetime counters
        impression_count as impressions,
        like_count as likes,
        reply_count as replies,
        retweet_count as reposts,
        quote_count as quotes,
        bookmark_count as bookmarks,

        ---------- non-public lifetime counters (NULL where X did not serve them)
        non_public_impression_count,
        non_public_url_link_clicks as url_clicks,
        non_public_user_profile_clicks as profile_clicks,

        ---------- organic lifetime counters (NULL where X did not serve them)
        organic_impression_count as organic_impressions,
        organic_like_count as organic_likes,
        organic_reply_count as organic_replies,
        organic_retweet_count as organic_reposts,
        organic_url_link_clicks as organic_url_clicks,
        organic_user_profile_clicks as organic_profile_clicks,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('created_at') }} as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
