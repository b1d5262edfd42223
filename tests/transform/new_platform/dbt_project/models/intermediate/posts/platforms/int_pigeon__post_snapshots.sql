{#-
    Pigeon's post snapshots in the shape of int_post_snapshots_unioned. One row per (source, post_id,
    snapshot_date); one source, so source_precedence is 1.
-#}

{%- set bigint = dbt.type_bigint() %}

with

pigeon_posts as (

    select * from {{ ref('stg_pigeon__posts') }}

),

mapped as (

    select
        platform,
        account_id,
        post_id,
        'pigeon_posts' as source,
        1 as source_precedence,
        cast(null as {{ dbt.type_string() }}) as post_type,
        post_url as permalink,
        published_at,
        true as is_published_at_utc,
        -- Pigeon counts views, not impressions or unique people
        cast(null as {{ bigint }}) as impressions,
        cast(null as {{ bigint }}) as reach,
        views,
        likes,
        replies as comments,
        cast(null as {{ bigint }}) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        snapshot_date,
        as_of,
        load_id

    from pigeon_posts

)

select * from mapped
