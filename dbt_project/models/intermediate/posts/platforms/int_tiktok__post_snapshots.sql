{#-
    TikTok's post snapshots in the shape of int_post_snapshots_unioned: Studio's content export, one row
    per (video, snapshot_date).
-#}

{%- set bigint = dbt.type_bigint() %}

with

tiktok_videos as (

    select * from {{ ref('stg_tiktok__studio_content') }}

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

)

select * from tiktok_videos_mapped
