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

    Incremental (delete+insert on the grain), because every post mart, the calendar and their tests read
    these rows: computed once per build here instead of once per reader, and only for the keys that can
    have changed. A build re-ranks every (platform, post_id, snapshot_date) that has a row from a load
    this table has not taken in yet (a `load_id` it holds no row of), with all of that key's rows from
    every source, so a new, restated or outranked snapshot of any age replaces its row, and a key no new
    load touched keeps exactly the row it had. That holds because the loader never deletes a raw row and
    writes every row it inserts or restates with its own new load id. A change to the account_aliases
    seed needs `--full-refresh` (the pipeline's build plan does one whenever the project changes).
    `built_at` says when a build wrote the row, so int_post_snapshots_latest finds the posts to re-rank.
-#}

{{
    config(
        materialized='incremental',
        unique_key=['platform', 'post_id', 'snapshot_date'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

{%- set columns = [
    'platform', 'account_id', 'post_id', 'source', 'source_precedence', 'post_type', 'permalink',
    'published_at', 'is_published_at_utc', 'impressions', 'reach', 'views', 'likes', 'comments', 'shares',
    'saves', 'reposts', 'clicks', 'reactions', 'platform_total', 'snapshot_date', 'as_of', 'load_id',
] %}

with

unioned as (
    {{ union_platform_models('post_snapshots', columns) }}
),

{% if is_incremental() %}

built_loads as (

    select distinct load_id from {{ this }}

),

keys_to_rebuild as (

    select distinct
        unioned.platform,
        unioned.post_id,
        unioned.snapshot_date

    from unioned

    left join built_loads
        on unioned.load_id = built_loads.load_id

    where built_loads.load_id is null

),

candidates as (

    select unioned.*

    from unioned

    inner join keys_to_rebuild
        on unioned.platform = keys_to_rebuild.platform
        and unioned.post_id = keys_to_rebuild.post_id
        and unioned.snapshot_date = keys_to_rebuild.snapshot_date

),

{% else %}

    candidates as (

        select * from unioned

    ),

{% endif %}
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

    from candidates

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
        sources_ranked.load_id,
        -- when the build started (UTC): a literal, the same on every engine
        cast('{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') }}' as {{ dbt.type_timestamp() }}) as built_at

    from sources_ranked

    left join account_aliases
        on sources_ranked.platform = account_aliases.platform
        and sources_ranked.account_id = account_aliases.source_account_id

    where sources_ranked.source_rank = 1

)

select * from deduplicated
