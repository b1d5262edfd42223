{#-
    YouTube's post snapshots in the shape of int_post_snapshots_unioned: Studio's content table, one row
    per (video, snapshot_date).
-#}

{%- set bigint = dbt.type_bigint() %}

with

youtube_videos as (

    select * from {{ ref('stg_youtube__studio_content') }}

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

)

select * from youtube_videos_mapped
