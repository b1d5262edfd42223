{#-
    Every lifetime snapshot of every organic post, from every post-level export, in one shape. Each
    platform maps its own exports onto the common columns in its own model,
    platforms/int_<platform>__post_snapshots.sql (a metric an export does not report is a typed NULL); this
    model unions the platforms that var('platforms') lists for post_snapshots.

    Grain: one row per (platform, post_id, snapshot_date). Two exports of one platform can hold the same
    post on the same day; the row of the source with the lowest `source_precedence` wins (then the newest
    as_of), each platform model naming its sources' precedence (X: content export before legacy;
    Instagram: Graph before Business Suite; Facebook: Business Suite before Graph).
    Engagement components are separate columns; which count as an engagement is the seed
    engagement_definitions (int_post_snapshots_scored).
-#}

{%- set columns = [
    'platform', 'account_id', 'post_id', 'source', 'source_precedence', 'post_type', 'permalink',
    'published_at', 'is_published_at_utc', 'impressions', 'reach', 'views', 'likes', 'comments', 'shares',
    'saves', 'reposts', 'clicks', 'reactions', 'platform_total', 'snapshot_date', 'as_of', 'load_id',
] %}

with

unioned as (
    {{ union_platform_models('post_snapshots', columns) }}
),

account_aliases as (

    select * from {{ ref('account_aliases') }}

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
