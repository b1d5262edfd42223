{#-
    Facebook's post snapshots in the shape of int_post_snapshots_unioned (which ranks the sources and
    applies account aliases). One row per (source, post_id, snapshot_date); source_precedence:
      1 meta_business_suite (Business Suite post export: comments, shares, publish time)
      2 facebook_graph (Graph post insights: no comments, shares or publish time)
-#}

{%- set bigint = dbt.type_bigint() %}

with

facebook_business_suite_posts as (

    select * from {{ ref('stg_meta_business_suite__facebook_posts') }}

),

facebook_post_insights as (

    select * from {{ ref('stg_facebook__post_insights') }}

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

unioned as (

    select * from facebook_business_suite_mapped
    union all
    select * from facebook_graph_mapped

)

select * from unioned
