{#-
    Every lifetime snapshot of every organic post, from every post-level export, in one shape. The
    mapping of each platform's own metrics onto the common columns lives here and only here. A metric an
    export does not report is a typed NULL.

    Grain: one row per (platform, post_id, snapshot_date). Two exports of one platform can hold the same
    post on the same day; the row of the source with the lowest `source_precedence` wins (then the newest
    as_of):
      x          1 x_content (Analytics content export: reposts and bookmarks, millisecond publish time)
                 2 x_tweet_activity (legacy tweet activity export)
      instagram  1 instagram_graph (Graph API media + media insights: UTC publish time, exact counts)
                 2 meta_business_suite (Business Suite post export)
      facebook   1 meta_business_suite (Business Suite post export: comments, shares, publish time)
                 2 facebook_graph (Graph post insights: no comments, shares or publish time)
    Engagement components are separate columns; which count as an engagement is the seed
    engagement_definitions (int_post_snapshots_scored).
-#}

{%- set bigint = dbt.type_bigint() %}

with

x_content as (

    select * from {{ ref('stg_x__content') }}

),

x_tweet_activity as (

    select * from {{ ref('stg_x__tweet_activity') }}

),

youtube_videos as (

    select * from {{ ref('stg_youtube__studio_content') }}

),

instagram_media as (

    select * from {{ ref('stg_instagram__media') }}

),

instagram_media_insights as (

    select * from {{ ref('stg_instagram__media_insights') }}

),

instagram_business_suite_posts as (

    select * from {{ ref('stg_meta_business_suite__instagram_posts') }}

),

facebook_business_suite_posts as (

    select * from {{ ref('stg_meta_business_suite__facebook_posts') }}

),

facebook_post_insights as (

    select * from {{ ref('stg_facebook__post_insights') }}

),

linkedin_posts as (

    select * from {{ ref('stg_linkedin__posts') }}

),

tiktok_videos as (

    select * from {{ ref('stg_tiktok__studio_content') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

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

youtube_videos_mapped as (

    select
        platform,
        account_id,
        video_id as post_id,
        'youtube_studio' as source,
        1 as source_precedence,
        -- Studio's content table does not tell Shorts from other videos
        'video' as post_type,
        {{ dbt.concat(["'https://www.youtube.com/watch?v='", 'video_id']) }} as permalink,
        published_at,
        false as is_published_at_utc,
        impressions,
        -- YouTube's "unique viewers" is its estimate of distinct people: its reach
        unique_viewers as reach,
        views,
        likes,
        comments,
        shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from youtube_videos

),

-- Graph media insights are long (one row per metric); lifetime, unbroken-down values pivoted per snapshot
instagram_media_insights_pivoted as (

    select
        media_id,
        snapshot_date,
        max(case when metric = 'reach' then metric_value end) as reach,
        max(case when metric = 'views' then metric_value end) as views,
        max(case when metric = 'likes' then metric_value end) as likes,
        max(case when metric = 'comments' then metric_value end) as comments,
        max(case when metric = 'shares' then metric_value end) as shares,
        max(case when metric = 'saved' then metric_value end) as saves

    from instagram_media_insights

    where period = 'lifetime'
        and breakdown = ''

    group by 1, 2

),

instagram_graph_mapped as (

    select
        instagram_media.platform,
        instagram_media.account_id,
        instagram_media.media_id as post_id,
        'instagram_graph' as source,
        1 as source_precedence,
        case
            when instagram_media.media_product_type = 'REELS' then 'reel'
            when instagram_media.media_product_type = 'STORY' then 'story'
            when instagram_media.media_type = 'CAROUSEL_ALBUM' then 'carousel'
            when instagram_media.media_type = 'VIDEO' then 'video'
            when instagram_media.media_type = 'IMAGE' then 'image'
        end as post_type,
        instagram_media.media_permalink as permalink,
        instagram_media.published_at,
        true as is_published_at_utc,
        -- Instagram retired impressions (April 2025); views count repeat views and stay in views
        cast(null as {{ bigint }}) as impressions,
        cast(insights.reach as {{ bigint }}) as reach,
        cast(insights.views as {{ bigint }}) as views,
        coalesce(cast(insights.likes as {{ bigint }}), instagram_media.likes) as likes,
        coalesce(cast(insights.comments as {{ bigint }}), instagram_media.comments) as comments,
        cast(insights.shares as {{ bigint }}) as shares,
        cast(insights.saves as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        instagram_media.snapshot_date,
        instagram_media.as_of,
        instagram_media.load_id

    from instagram_media

    left join instagram_media_insights_pivoted as insights
        on instagram_media.media_id = insights.media_id
        and instagram_media.snapshot_date = insights.snapshot_date

),

instagram_business_suite_mapped as (

    select
        platform,
        account_id,
        post_id,
        'meta_business_suite' as source,
        2 as source_precedence,
        -- image, reel, carousel, video, story already
        post_format as post_type,
        post_url as permalink,
        published_at,
        false as is_published_at_utc,
        impressions,
        reach,
        views,
        likes,
        comments,
        shares,
        saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from instagram_business_suite_posts

),

facebook_business_suite_mapped as (

    select
        platform,
        account_id,
        post_id,
        'meta_business_suite' as source,
        1 as source_precedence,
        case post_format
            when 'photos' then 'image'
            when 'videos' then 'video'
            when 'reels' then 'reel'
            when 'links' then 'link'
            when 'status' then 'text'
            when 'text' then 'text'
            else post_format
        end as post_type,
        post_url as permalink,
        published_at,
        false as is_published_at_utc,
        impressions,
        reach,
        views,
        -- Facebook reports reactions (every kind), not likes alone
        cast(null as {{ bigint }}) as likes,
        comments,
        shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        total_clicks as clicks,
        reactions,
        -- Business Suite's own reactions + comments + shares
        reactions_comments_and_shares as platform_total,
        snapshot_date,
        as_of,
        load_id

    from facebook_business_suite_posts

),

facebook_post_insights_pivoted as (

    select
        platform,
        account_id,
        post_id,
        snapshot_date,
        max(as_of) as as_of,
        max(load_id) as load_id,
        max(case when metric = 'post_total_media_view_unique' and breakdown = '' then metric_value end) as reach,
        max(case when metric = 'post_media_view' and breakdown = '' then metric_value end) as views,
        max(case when metric = 'post_clicks' and breakdown = '' then metric_value end) as clicks,
        -- reactions by type are counts (not unique people): their sum is the post's reactions
        sum(case when metric = 'post_reactions_by_type_total' and breakdown <> '' then metric_value end) as reactions

    from facebook_post_insights

    where period = 'lifetime'

    group by 1, 2, 3, 4

),

facebook_graph_mapped as (

    select
        platform,
        account_id,
        post_id,
        'facebook_graph' as source,
        2 as source_precedence,
        cast(null as {{ dbt.type_string() }}) as post_type,
        cast(null as {{ dbt.type_string() }}) as permalink,
        cast(null as {{ dbt.type_timestamp() }}) as published_at,
        true as is_published_at_utc,
        -- Meta retired post impressions (November 2025); views replace them
        cast(null as {{ bigint }}) as impressions,
        cast(reach as {{ bigint }}) as reach,
        cast(views as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as likes,
        cast(null as {{ bigint }}) as comments,
        cast(null as {{ bigint }}) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(clicks as {{ bigint }}) as clicks,
        cast(reactions as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from facebook_post_insights_pivoted

),

linkedin_posts_mapped as (

    select
        platform,
        account_id,
        post_id,
        'linkedin_pages' as source,
        1 as source_precedence,
        case lower(content_type)
            when 'video' then 'video'
            when 'image' then 'image'
            when 'article' then 'article'
            when 'document' then 'document'
            when 'poll' then 'poll'
            else lower(content_type)
        end as post_type,
        post_link as permalink,
        -- the export gives the creation day only
        cast(created_date as {{ dbt.type_timestamp() }}) as published_at,
        false as is_published_at_utc,
        impressions,
        -- no unique-people measure per post in the page export
        cast(null as {{ bigint }}) as reach,
        views,
        -- the export's likes are reactions of every kind
        likes,
        comments,
        reposts as shares,
        cast(null as {{ bigint }}) as saves,
        reposts,
        clicks,
        likes as reactions,
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from linkedin_posts

),

tiktok_videos_mapped as (

    select
        platform,
        account_id,
        video_id as post_id,
        'tiktok_studio' as source,
        1 as source_precedence,
        'video' as post_type,
        video_link as permalink,
        published_at,
        false as is_published_at_utc,
        cast(null as {{ bigint }}) as impressions,
        reach,
        views,
        likes,
        comments,
        shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from tiktok_videos

),

unioned as (

    select * from x_content_mapped
    union all
    select * from x_tweet_activity_mapped
    union all
    select * from youtube_videos_mapped
    union all
    select * from instagram_graph_mapped
    union all
    select * from instagram_business_suite_mapped
    union all
    select * from facebook_business_suite_mapped
    union all
    select * from facebook_graph_mapped
    union all
    select * from linkedin_posts_mapped
    union all
    select * from tiktok_videos_mapped

),

sources_ranked as (

    select
        *,
        row_number() over (
            partition by platform, post_id, snapshot_date
            order by source_precedence asc, as_of desc, load_id desc
        ) as source_rank

    from unioned

),

deduplicated as (

    select
        sources_ranked.platform,
        -- one id per real account (seed account_aliases)
        coalesce(account_aliases.account_id, sources_ranked.account_id) as account_id,
        sources_ranked.post_id,
        sources_ranked.source,
        sources_ranked.post_type,
        sources_ranked.permalink,
        sources_ranked.published_at,
        sources_ranked.is_published_at_utc,
        sources_ranked.impressions,
        sources_ranked.reach,
        sources_ranked.views,
        sources_ranked.likes,
        sources_ranked.comments,
        sources_ranked.shares,
        sources_ranked.saves,
        sources_ranked.reposts,
        sources_ranked.clicks,
        sources_ranked.reactions,
        sources_ranked.platform_total,
        sources_ranked.snapshot_date,
        sources_ranked.as_of,
        sources_ranked.load_id

    from sources_ranked

    left join account_aliases
        on sources_ranked.platform = account_aliases.platform
        and sources_ranked.account_id = account_aliases.source_account_id

    where sources_ranked.source_rank = 1

)

select * from deduplicated
