{#-
    Every paid row with `is_counted`: the one rule deciding which rows add up to spend, so that
    `sum(spend) where is_counted` counts every campaign-day once. fct_ad_performance publishes the flag;
    int_campaign_costs_monthly (and through it fct_campaign_roi and fct_channel_mix) adds only counted rows.

    1. Inside one source and campaign, a row contained in a longer row is not counted (a week inside a
       month report): the longer row reports those days. A row spanning several months gives way to the
       source's own rows inside it when those tile it day for day (a quarter report beside its three
       month reports: the months count, so the monthly marts can book them); otherwise the long row
       counts and the rows inside it do not.
    2. Across sources, per (platform, account_id, calendar month): the source whose remaining rows report
       the most campaign-days of the month counts; on a tie the lower priority in the ad_source_priority
       seed, then the source name. A row counts only when its source counts in every month it touches.
    Two rows of one source that overlap without one containing the other are both counted; the test
    assert_counted_ad_rows_do_not_overlap reports them.
-#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

source_priority as (

    select * from {{ ref('ad_source_priority') }}

),

month_offsets as (

    {{ day_offsets(7) }}

),

-- series_key: one source's rows of one campaign (the rows rule 1 compares); row_key: one row (the grain)
keyed_spend as (

    select
        ad_spend.*,
        {{ dbt.concat(["source", "'|'", "platform", "'|'", "account_id", "'|'", "campaign_id"]) }} as series_key,
        {{ dbt.concat([
            "source", "'|'", "platform", "'|'", "account_id", "'|'", "campaign_id", "'|'",
            "cast(period_start as " ~ dbt.type_string() ~ ")", "'|'", "cast(period_end as " ~ dbt.type_string() ~ ")"
        ]) }} as row_key

    from ad_spend

),

ad_rows as (

    select
        series_key,
        row_key,
        source,
        platform,
        account_id,
        period_start,
        period_end,
        cast({{ dbt.date_trunc('month', 'period_start') }} as date) as first_month,
        cast({{ dbt.date_trunc('month', 'period_end') }} as date) as last_month,
        {{ dbt.datediff(
            'period_start', 'period_end', 'day'
        ) }} + 1 as days_covered

    from keyed_spend

),

-- pairs (inner row, a longer row of the same source and campaign containing it)
containments as (

    select
        inner_rows.row_key,
        outer_rows.first_month = outer_rows.last_month as outer_in_one_month

    from ad_rows as inner_rows

    inner join ad_rows as outer_rows
        on inner_rows.series_key = outer_rows.series_key
        and inner_rows.period_start >= outer_rows.period_start
        and inner_rows.period_end <= outer_rows.period_end
        and inner_rows.days_covered < outer_rows.days_covered

),

-- single-month rows no longer single-month row of their source contains
month_rows as (

    select ad_rows.*

    from ad_rows

    where ad_rows.first_month = ad_rows.last_month
        and not exists (
            select 1
            from containments
            where containments.row_key = ad_rows.row_key and containments.outer_in_one_month
        )

),

-- multi-month rows no longer row of their source contains, with the days their month rows report
long_rows as (

    select
        ad_rows.series_key,
        ad_rows.row_key,
        ad_rows.source,
        ad_rows.platform,
        ad_rows.account_id,
        ad_rows.period_start,
        ad_rows.period_end,
        ad_rows.first_month,
        ad_rows.last_month,
        ad_rows.days_covered,
        coalesce(sum(month_rows.days_covered), 0) as days_in_month_rows

    from ad_rows

    left join month_rows
        on ad_rows.series_key = month_rows.series_key
        and ad_rows.period_start <= month_rows.period_start
        and ad_rows.period_end >= month_rows.period_end

    where ad_rows.first_month <> ad_rows.last_month
        and not exists (
            select 1
            from containments
            where containments.row_key = ad_rows.row_key
        )

    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10

),

untiled_long_rows as (

    select * from long_rows

    where days_in_month_rows < days_covered

),

-- rule 1: the rows that report their source's days, each once
source_rows as (

    select
        month_rows.row_key,
        month_rows.source,
        month_rows.platform,
        month_rows.account_id,
        month_rows.period_start,
        month_rows.period_end,
        month_rows.first_month,
        month_rows.last_month

    from month_rows

    where
        not exists (
            select 1
            from untiled_long_rows
            where untiled_long_rows.series_key = month_rows.series_key
                and untiled_long_rows.period_start <= month_rows.period_start
                and untiled_long_rows.period_end >= month_rows.period_end
        )

    union all

    select
        row_key,
        source,
        platform,
        account_id,
        period_start,
        period_end,
        first_month,
        last_month

    from untiled_long_rows

),

source_row_months as (

    select
        source_rows.*,
        cast({{ dbt.dateadd('month', 'month_offsets.day_offset', 'source_rows.first_month') }} as date) as month_start

    from source_rows

    inner join month_offsets
        on month_offsets.day_offset <= {{ dbt.datediff('source_rows.first_month', 'source_rows.last_month', 'month') }}

),

-- rule 2: campaign-days each source reports in each account-month
source_coverage as (

    select
        platform,
        account_id,
        month_start,
        source,
        sum(
            {{ dbt.datediff(
                'case when period_start > month_start then period_start else month_start end',
                'case when period_end < ' ~ dbt.last_day('month_start', 'month') ~ ' then period_end else '
                    ~ dbt.last_day('month_start', 'month') ~ ' end',
                'day'
            ) }} + 1
        ) as campaign_days

    from source_row_months

    group by 1, 2, 3, 4

),

source_ranked as (

    select
        source_coverage.platform,
        source_coverage.account_id,
        source_coverage.month_start,
        source_coverage.source,
        row_number() over (
            partition by source_coverage.platform, source_coverage.account_id, source_coverage.month_start
            order by source_coverage.campaign_days desc, source_priority.priority asc, source_coverage.source asc
        ) as source_rank

    from source_coverage

    left join source_priority
        on source_coverage.source = source_priority.source

),

counted_rows as (

    select source_row_months.row_key

    from source_row_months

    inner join source_ranked
        on source_row_months.platform = source_ranked.platform
        and source_row_months.account_id = source_ranked.account_id
        and source_row_months.month_start = source_ranked.month_start
        and source_row_months.source = source_ranked.source

    group by 1

    -- counted in every month the row touches
    having min(source_ranked.source_rank) = 1 and max(source_ranked.source_rank) = 1

),

final as (

    select
        keyed_spend.source,
        keyed_spend.platform,
        keyed_spend.account_id,
        keyed_spend.campaign_id,
        keyed_spend.campaign_name,
        keyed_spend.period_start,
        keyed_spend.period_end,
        keyed_spend.grain,
        keyed_spend.currency,
        keyed_spend.spend,
        keyed_spend.impressions,
        keyed_spend.reach,
        keyed_spend.clicks,
        keyed_spend.platform_engagements,
        keyed_spend.follows,
        keyed_spend.platform_conversion_type,
        keyed_spend.platform_conversions,
        keyed_spend.platform_conversion_value,
        keyed_spend.as_of,
        keyed_spend.reporting_currency,
        keyed_spend.fx_rate,
        keyed_spend.spend_reporting,
        counted_rows.row_key is not null as is_counted

    from keyed_spend

    left join counted_rows
        on keyed_spend.row_key = counted_rows.row_key

)

select * from final
