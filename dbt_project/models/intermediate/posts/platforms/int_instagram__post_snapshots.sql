{#-
    Instagram's post snapshots in the shape of int_post_snapshots_unioned (which ranks the sources and
    applies account aliases). One row per (source, post_id, snapshot_date); source_precedence:
      1 instagram_graph (Graph API media + media insights: UTC publish time, exact counts)
      2 meta_business_suite (Business Suite post export)
-#}

{%- set bigint = dbt.type_bigint() %}

with

instagram_media as (

    select * from {{ ref('stg_instagram__media') }}

),

instagram_media_insights as (

    select * from {{ ref('stg_instagram__media_insights') }}

),

instagram_business_suite_posts as (

    select * from {{ ref('stg_meta_business_suite__instagram_posts') }}

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

unioned as (

    select * from instagram_graph_mapped
    union all
    select * from instagram_business_suite_mapped

)

select * from unioned
