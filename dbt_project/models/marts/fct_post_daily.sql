{#-
    Daily deltas of each post's lifetime counters: one row per (platform, post_id, snapshot_date), the
    difference between a snapshot and the post's previous snapshot. When snapshots are further apart
    than a day, the delta covers every day since the previous one (days_since_previous_snapshot).

    First snapshot of a post: the delta is the value itself when the post was published on the snapshot
    day or the day before (nothing can have accrued earlier); otherwise it is NULL (the accrual before
    the first export is unknown) and is_first_snapshot marks the row either way.
    A negative delta is a platform correction: kept as is and flagged has_correction.

    Incremental: a run rebuilds the last `post_daily_lookback_days` (default: the project's
    `incremental_lookback_days`, 7) days before the newest
    day already built, so restated snapshots in that window are re-differenced; for every post with a
    snapshot in the window, its whole history is read so the first delta in the window has its previous
    snapshot.
-#}

{{
    config(
        materialized='incremental',
        unique_key=['platform', 'post_id', 'snapshot_date'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

{%- set lookback_days = var('post_daily_lookback_days', var('incremental_lookback_days', 7)) %}
{%- set counters = ['impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'reposts', 'clicks',
                    'reactions', 'engagements'] %}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_scored') }}

),

{% if is_incremental() %}

window_start as (

    select {{ dbt.dateadd('day', -1 * lookback_days, 'max(snapshot_date)') }} as start_date

    from {{ this }}

),

posts_in_window as (

    select distinct
        platform,
        post_id

    from post_snapshots

    where snapshot_date >= (select start_date from window_start)

),

snapshots_to_difference as (

    select post_snapshots.*

    from post_snapshots

    inner join posts_in_window
        on post_snapshots.platform = posts_in_window.platform
        and post_snapshots.post_id = posts_in_window.post_id

),

{% else %}

    snapshots_to_difference as (

        select * from post_snapshots

    ),

{% endif %}

with_previous as (

    select
        platform,
        account_id,
        post_id,
        published_at,
        snapshot_date,
        reach,
        as_of,
        lag(snapshot_date) over (
            partition by platform, post_id order by snapshot_date
        ) as previous_snapshot_date,
        {%- for counter in counters %}
            {{ counter }},
            lag({{ counter }}) over (
                partition by platform, post_id order by snapshot_date
            ) as previous_{{ counter }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from snapshots_to_difference

),

deltas as (

    select
        platform,
        account_id,
        post_id,
        snapshot_date,
        previous_snapshot_date,
        {{ dbt.datediff(
            'previous_snapshot_date', 'snapshot_date', 'day'
        ) }} as days_since_previous_snapshot,
        previous_snapshot_date is null as is_first_snapshot,
        {%- for counter in counters %}
            case
                when previous_snapshot_date is not null then {{ counter }} - previous_{{ counter }}
                when cast(published_at as date) >= {{ dbt.dateadd('day', -1, 'snapshot_date') }} then {{ counter }}
            end as {{ counter }}_delta,
        {%- endfor %}
        reach as reach_lifetime,
        as_of

    from with_previous

),

final as (

    select
        platform,
        account_id,
        post_id,
        snapshot_date,
        previous_snapshot_date,
        days_since_previous_snapshot,
        is_first_snapshot,
        coalesce(
            {%- for counter in counters %}
                {{ counter }}_delta < 0{{ ' or' if not loop.last }}
            {%- endfor %},
            false
        ) as has_correction,
        {%- for counter in counters %}
            {{ counter }}_delta,
        {%- endfor %}
        reach_lifetime,
        as_of,
        {{ network_columns('platform', "'organic'") }}

    from deltas

    {% if is_incremental() %}
    where snapshot_date >= (select start_date from window_start)
    {% endif %}

)

select * from final
