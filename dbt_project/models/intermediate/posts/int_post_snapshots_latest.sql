{#-
    The latest lifetime snapshot of each post: the one with the newest as_of. Every metric of a row comes
    from that one snapshot (never mixed across exports).

    Post ids are unique within a platform (tweet snowflake ids, YouTube video ids), so the latest snapshot
    is chosen per (platform, post_id) and its account_id is kept: an X handle renamed between exports, or
    a YouTube channel folder renamed, does not split one post into two rows.
-#}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_unioned') }}

),

snapshots_ranked as (

    select
        *,
        row_number() over (
            partition by platform, post_id
            order by as_of desc, snapshot_date desc, load_id desc
        ) as recency_rank

    from post_snapshots

),

latest_snapshots as (

    select
        platform,
        account_id,
        post_id,
        published_at,
        impressions,
        reach,
        views,
        likes,
        comments,
        shares,
        engagements,
        snapshot_date,
        as_of,
        load_id

    from snapshots_ranked

    where recency_rank = 1

)

select * from latest_snapshots
