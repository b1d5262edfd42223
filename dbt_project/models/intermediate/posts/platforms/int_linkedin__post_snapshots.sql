{#-
    LinkedIn's post snapshots in the shape of int_post_snapshots_unioned: the page content export's posts,
    one row per (post, snapshot_date).
-#}

{%- set bigint = dbt.type_bigint() %}

with

linkedin_posts as (

    select * from {{ ref('stg_linkedin__posts') }}

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

)

select * from linkedin_posts_mapped
