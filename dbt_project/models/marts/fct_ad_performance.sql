{#-
    Paid delivery and spend per campaign per reporting period, as each export reported it (see the yml),
    with `is_counted` (int_ad_spend_counted): the rows that add up, one source per ad account and month.

    Incremental: a run rebuilds, per (platform, account_id), every row ending in or after the first month
    holding a row to rebuild: a row whose period ends within its source's lookback (`lookback_days`: its
    `restatement_days`, e.g. 28 for Meta's insights, else `incremental_lookback_days`, 7) of the newest
    period_end already built for its (source, platform, account_id), or any row of a source not built yet.
    Whole months of every source are rebuilt because is_counted is decided per account and month. Restated
    API days and a month report re-exported while it is in the window replace their rows (delete+insert on
    the grain). A restatement older than the window, or a change of the fx_rates, account_aliases or
    ad_source_priority seeds, needs `--full-refresh`.
-#}

{{
    config(
        materialized='incremental',
        unique_key=['platform', 'account_id', 'campaign_id', 'period_start', 'period_end', 'source'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_counted') }}

),

{% if is_incremental() -%}
built_windows as (

    select
        source,
        platform,
        account_id,
        {{ dbt.dateadd('day', '-1 * (' ~ lookback_days('source') ~ ')', 'max(period_end)') }} as window_start

    from {{ this }}

    group by 1, 2, 3

),

-- per account, the first month holding a row to (re)build: a row in its source's window, or any row of a
-- source not built yet
rebuild_from as (

    select
        ad_spend.platform,
        ad_spend.account_id,
        cast({{ dbt.date_trunc('month', 'min(ad_spend.period_start)') }} as date) as month_start

    from ad_spend

    left join built_windows
        on ad_spend.source = built_windows.source
        and ad_spend.platform = built_windows.platform
        and ad_spend.account_id = built_windows.account_id

    where built_windows.window_start is null
        or ad_spend.period_end >= built_windows.window_start

    group by 1, 2

),

-- every source's rows of those months are rebuilt too: which source counts (is_counted) is decided per
-- account and month, so a new or restated row can change it for rows outside its own window
ad_spend_in_window as (

    select ad_spend.*

    from ad_spend

    inner join rebuild_from
        on ad_spend.platform = rebuild_from.platform
        and ad_spend.account_id = rebuild_from.account_id
        and ad_spend.period_end >= rebuild_from.month_start

),

{% else %}

    ad_spend_in_window as (

        select * from ad_spend

    ),

{% endif %}

final as (

    select
        platform,
        account_id,
        campaign_id,
        campaign_name,
        period_start,
        period_end,
        currency,
        cast(spend as decimal(18, 4)) as spend,
        impressions,
        clicks,
        reach,
        as_of,
        source,
        grain,
        reporting_currency,
        fx_rate,
        cast(spend_reporting as decimal(18, 4)) as spend_reporting,
        platform_engagements,
        follows,
        platform_conversion_type,
        platform_conversions,
        cast(platform_conversion_value as decimal(18, 4)) as platform_conversion_value,
        is_counted,
        {{ network_columns('platform', "'paid'") }}

    from ad_spend_in_window

)

select * from final
