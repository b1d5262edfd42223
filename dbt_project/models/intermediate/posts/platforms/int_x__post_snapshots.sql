{#-
    X's post snapshots in the shape of int_post_snapshots_unioned (which ranks the sources and applies
    account aliases). One row per (source, post_id, snapshot_date); source_precedence:
      1 x_content (Analytics content export: reposts and bookmarks, millisecond publish time)
      2 x_tweet_activity (legacy tweet activity export)
      3 x_api_posts (API v2 user timeline pulled by `resonance pull x`: no engagements total, so an export
        of the same post and day, which carries X's own total, comes first)
-#}

{%- set bigint = dbt.type_bigint() %}

with

x_content as (

    select * from {{ ref('stg_x__content') }}

),

x_tweet_activity as (

    select * from {{ ref('stg_x__tweet_activity') }}

),

x_api_posts as (

    select * from {{ ref('stg_x__api_posts') }}

),

x_content_mapped as (

    select
        platform,
        account_id,
        post_id,
        'x_content' as source,
        1 as source_precedence,
        -- the export does not say what kind of post it was
        cast(null as {{ dbt.type_string() }}) as post_type,
        post_url as permalink,
        published_at,
        true as is_published_at_utc,
        impressions,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as views,
        likes,
        replies as comments,
        -- shares = reposts on X (as the legacy export's retweets); X's own `shares` (sent by DM, link
        -- copied) is not mapped
        reposts as shares,
        bookmarks as saves,
        reposts,
        url_clicks as clicks,
        cast(null as {{ bigint }}) as reactions,
        engagements as platform_total,
        snapshot_date,
        as_of,
        load_id

    from x_content

),

x_tweet_activity_mapped as (

    select
        platform,
        account_id,
        tweet_id as post_id,
        'x_tweet_activity' as source,
        2 as source_precedence,
        cast(null as {{ dbt.type_string() }}) as post_type,
        tweet_url as permalink,
        published_at,
        true as is_published_at_utc,
        impressions,
        -- X's legacy export has no unique-people measure
        cast(null as {{ bigint }}) as reach,
        -- no post views in X's legacy export; media_views counts video plays only
        cast(null as {{ bigint }}) as views,
        likes,
        replies as comments,
        retweets as shares,
        cast(null as {{ bigint }}) as saves,
        retweets as reposts,
        url_clicks as clicks,
        cast(null as {{ bigint }}) as reactions,
        -- X's own definition: every interaction with the tweet, clicks included
        engagements as platform_total,
        snapshot_date,
        as_of,
        load_id

    from x_tweet_activity

),

x_api_posts_mapped as (

    select
        platform,
        account_id,
        post_id,
        'x_api_posts' as source,
        3 as source_precedence,
        cast(null as {{ dbt.type_string() }}) as post_type,
        -- the API gives no link; X resolves /i/web/status/<id> whatever the handle
        'https://x.com/i/web/status/' || post_id as permalink,
        published_at,
        true as is_published_at_utc,
        impressions,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as views,
        likes,
        replies as comments,
        -- shares = reposts, as for the exports; quotes have no common column and stay in staging
        reposts as shares,
        bookmarks as saves,
        reposts,
        -- link clicks exist only with private metrics (posts of the last 30 days, user-context token):
        -- NULL otherwise, never 0
        url_clicks as clicks,
        cast(null as {{ bigint }}) as reactions,
        -- the API serves no engagements total: NULL, so X's engagements stay unknown for API-only rows
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from x_api_posts

),

unioned as (

    select * from x_content_mapped
    union all
    select * from x_tweet_activity_mapped
    union all
    select * from x_api_posts_mapped

)

select * from unioned
