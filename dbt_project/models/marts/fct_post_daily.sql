{#-
    Daily deltas of each post's lifetime counters: one row per (platform, post_id, snapshot_date), the
    difference between a snapshot and the post's previous snapshot. When snapshots are further apart
    than a day, the delta covers every day since the previous one (days_since_previous_snapshot).

    First snapshot of a post: the delta is the value itself when the post was published on the snapshot
    day or the day before (nothing can have accrued earlier); otherwise it is NULL (the accrual before
    the first export is unknown) and is_first_snapshot marks the row either way.
    A negative delta is a platform correction: kept as is and flagged has_correction.

    Incremental (delete+insert on the grain): a run rebuilds, for each post with a snapshot from a load
    this table has not taken in yet (a `load_id` it holds no row of), every row from that post's earliest
    such snapshot on, reading the snapshot before it for the first delta. A new day, a late day slotted
    between two others and a restated snapshot of any age are re-differenced with the rows after them;
    a post no new load touched keeps its rows. That holds because a snapshot row changes only with a new
    load id (int_post_snapshots_unioned). A change to the engagement_definitions or account_aliases seeds
    needs `--full-refresh` (the pipeline's build plan does one whenever the project changes).
-#}

{{
    config(
        materialized='incremental',
        unique_key=['platform', 'post_id', 'snapshot_date'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

{%- set counters = ['impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'reposts', 'clicks',
                    'reactions', 'engagements'] %}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_scored') }}

),

{% if is_incremental() %}

snapshot_keys as (

    -- the grain and lineage of every snapshot: the few columns finding what to rebuild needs
    select
        platform,
        post_id,
        snapshot_date,
        load_id

    from post_snapshots

),

built_loads as (

    select distinct load_id from {{ this }}

),

posts_to_rebuild as (

    -- each post with a snapshot from a load not built yet, and the day of its earliest such snapshot
    select
        snapshot_keys.platform,
        snapshot_keys.post_id,
        min(snapshot_keys.snapshot_date) as rebuild_from

    from snapshot_keys

    left join built_loads
        on snapshot_keys.load_id = built_loads.load_id

    where built_loads.load_id is null

    group by
        snapshot_keys.platform,
        snapshot_keys.post_id

),

history_starts as (

    -- the post's snapshot before rebuild_from (NULL: none), the first rebuilt delta's previous snapshot
    select
        posts_to_rebuild.platform,
        posts_to_rebuild.post_id,
        posts_to_rebuild.rebuild_from,
        max(
            case
                when snapshot_keys.snapshot_date < posts_to_rebuild.rebuild_from then snapshot_keys.snapshot_date
            end
        ) as history_start

    from posts_to_rebuild

    inner join snapshot_keys
        on posts_to_rebuild.platform = snapshot_keys.platform
        and posts_to_rebuild.post_id = snapshot_keys.post_id

    group by
        posts_to_rebuild.platform,
        posts_to_rebuild.post_id,
        posts_to_rebuild.rebuild_from

),

snapshots_to_difference as (

    select
        post_snapshots.*,
        history_starts.rebuild_from

    from post_snapshots

    inner join history_starts
        on post_snapshots.platform = history_starts.platform
        and post_snapshots.post_id = history_starts.post_id

    where post_snapshots.snapshot_date >= coalesce(history_starts.history_start, history_starts.rebuild_from)

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
        load_id,
        {% if is_incremental() -%}
            rebuild_from,
        {% endif -%}
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
        as_of,
        {% if is_incremental() -%}
            rebuild_from,
        {% endif -%}
        load_id

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
        load_id,
        {{ network_columns('platform', "'organic'") }}

    from deltas

    {% if is_incremental() %}
    where snapshot_date >= rebuild_from
    {% endif %}

)

select * from final
