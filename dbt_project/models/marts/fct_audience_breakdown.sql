{#-
    Who the audience is: one row per (platform, account_id, source, breakdown, breakdown_value,
    period_start, period_end, snapshot_date), from int_audience_breakdowns_unioned. The measures keep
    the grain the platform computed them at: followers are a snapshot count of people, views and watch
    time are totals of their period (a day, or the period a Studio table covers). is_latest_snapshot marks
    the current rows: for a snapshot source (LinkedIn followers), the rows of the newest export of that
    breakdown; for a period source, the newest export of each value and period (a later export of the
    same period restates the earlier one).
-#}

with

audience_breakdowns as (

    select * from {{ ref('int_audience_breakdowns_unioned') }}

),

ranked as (

    select
        *,
        -- a snapshot source's newest export of the breakdown: a value missing from it is no longer current
        max(snapshot_date) over (
            partition by platform, account_id, source, breakdown
        ) as breakdown_latest_snapshot_date,
        row_number() over (
            partition by platform, account_id, source, breakdown, breakdown_value, period_start, period_end
            order by snapshot_date desc
        ) as period_snapshot_rank

    from audience_breakdowns

),

final as (

    select
        platform,
        account_id,
        source,
        breakdown,
        breakdown_value,
        period_grain,
        period_start,
        period_end,
        snapshot_date,
        case
            when period_grain = 'snapshot' then snapshot_date = breakdown_latest_snapshot_date
            else period_snapshot_rank = 1
        end as is_latest_snapshot,
        followers,
        views,
        watch_time_hours,
        as_of,
        {{ network_columns('platform', "'organic'") }}

    from ranked

)

select * from final
