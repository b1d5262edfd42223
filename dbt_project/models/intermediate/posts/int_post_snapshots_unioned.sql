{#-
    Every lifetime snapshot of every organic post, from every platform, in one shape. The mapping of each
    platform's own metrics onto the common columns lives here and only here; marts and the future
    lifetime-to-daily deltas read this model. A metric a platform does not report is a typed NULL.
-#}

with

tweet_snapshots as (

    select * from {{ ref('stg_x__tweet_activity') }}

),

video_snapshots as (

    select * from {{ ref('stg_youtube__studio_content') }}

),

tweets_mapped as (

    select
        platform,
        account_id,
        tweet_id as post_id,
        published_at,
        impressions,
        -- X's legacy export has no unique-people measure
        cast(null as {{ dbt.type_bigint() }}) as reach,
        -- no post views in X's legacy export; media_views counts video plays only
        cast(null as {{ dbt.type_bigint() }}) as views,
        likes,
        replies as comments,
        retweets as shares,
        -- X's own definition: every interaction with the tweet, clicks included
        engagements,
        snapshot_date,
        as_of,
        load_id

    from tweet_snapshots

),

videos_mapped as (

    select
        platform,
        account_id,
        video_id as post_id,
        published_at,
        impressions,
        -- YouTube's "unique viewers" is its estimate of distinct people: its reach
        unique_viewers as reach,
        views,
        likes,
        comments,
        shares,
        -- the components the export reported, summed; NULL when it reported none
        case
            when likes is null and comments is null and shares is null then null
            else coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0)
        end as engagements,
        snapshot_date,
        as_of,
        load_id

    from video_snapshots

),

unioned as (

    select * from tweets_mapped

    union all

    select * from videos_mapped

)

select * from unioned
