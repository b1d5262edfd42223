{#-
    The latest lifetime snapshot of each post: the one with the newest as_of. Every metric of a row comes
    from that one snapshot (never mixed across exports).

    Post ids are unique within a platform (tweet snowflake ids, YouTube video ids, Meta media ids), so
    the latest snapshot is chosen per (platform, post_id) and its account_id is kept: an X handle renamed
    between exports, or a YouTube channel folder renamed, does not split one post into two rows.
    Incremental (delete+insert per post), because fct_post_performance, fct_account_daily, dim_date and
    this model's test read it: a build re-ranks every snapshot of each post that has a snapshot written
    into int_post_snapshots_unioned (its `built_at`) after the newest one this table has ranked; any other
    post's latest snapshot cannot have changed. A change to the account_settings seed needs
    `--full-refresh` (the pipeline's build plan does one whenever the project changes).
-#}

{{
    config(
        materialized='incremental',
        unique_key=['platform', 'post_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_scored') }}

),

{% if is_incremental() %}

posts_to_rerank as (

    select distinct
        platform,
        post_id

    from post_snapshots

    where built_at > (
        select coalesce(max(built_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }}
    )

),

candidates as (

    select post_snapshots.*

    from post_snapshots

    inner join posts_to_rerank
        on post_snapshots.platform = posts_to_rerank.platform
        and post_snapshots.post_id = posts_to_rerank.post_id

),

{% else %}

    candidates as (

        select * from post_snapshots

    ),

{% endif %}
account_settings as (

    select * from {{ ref('account_settings') }}

),

recency_ranked as (

    -- ranked on the few columns the order needs (a sort of whole rows costs several times more); the
    -- winner's row is joined back on the grain (platform, post_id, snapshot_date), unique in the input
    select
        platform,
        post_id,
        snapshot_date,
        row_number() over (
            partition by platform, post_id
            order by as_of desc, snapshot_date desc, load_id desc
        ) as recency_rank,
        -- the newest write among the post's snapshots: what this table has ranked up to
        max(built_at) over (partition by platform, post_id) as snapshots_built_at

    from candidates

),

snapshots_ranked as (

    select
        post_snapshots.*,
        recency_ranked.recency_rank,
        recency_ranked.snapshots_built_at

    from recency_ranked

    inner join post_snapshots
        on recency_ranked.platform = post_snapshots.platform
        and recency_ranked.post_id = post_snapshots.post_id
        and recency_ranked.snapshot_date = post_snapshots.snapshot_date

    where recency_ranked.recency_rank = 1

),

latest_snapshots as (

    select
        snapshots_ranked.platform,
        snapshots_ranked.account_id,
        snapshots_ranked.post_id,
        snapshots_ranked.source,
        snapshots_ranked.post_type,
        snapshots_ranked.permalink,
        snapshots_ranked.published_at,
        snapshots_ranked.is_published_at_utc,
        -- the publish day in the account's reporting time zone (UTC when the account is not in the
        -- seed); a time the export wrote in the account's local time is taken as is
        cast(
            case
                when snapshots_ranked.is_published_at_utc
                    then {{ to_reporting_timezone(
                        'snapshots_ranked.published_at',
                        "coalesce(account_settings.reporting_timezone, 'UTC')"
                    ) }}
                else snapshots_ranked.published_at
            end
            as date
        ) as published_date,
        snapshots_ranked.impressions,
        snapshots_ranked.reach,
        snapshots_ranked.views,
        snapshots_ranked.likes,
        snapshots_ranked.comments,
        snapshots_ranked.shares,
        snapshots_ranked.saves,
        snapshots_ranked.reposts,
        snapshots_ranked.clicks,
        snapshots_ranked.reactions,
        snapshots_ranked.platform_total,
        snapshots_ranked.engagements,
        snapshots_ranked.snapshot_date,
        snapshots_ranked.as_of,
        snapshots_ranked.load_id,
        snapshots_ranked.snapshots_built_at as built_at

    from snapshots_ranked

    left join account_settings
        on snapshots_ranked.platform = account_settings.platform
        and snapshots_ranked.account_id = account_settings.account_id

    where snapshots_ranked.recency_rank = 1

)

select * from latest_snapshots
