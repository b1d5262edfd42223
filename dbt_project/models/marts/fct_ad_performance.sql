{#-
    Paid delivery and spend per campaign per reporting period, as each export reported it (see the yml).

    Incremental: a run rebuilds every row whose period ends within the source's lookback (`lookback_days`:
    its `restatement_days`, e.g. 28 for Meta's insights, else `incremental_lookback_days`, 7) of the newest
    period_end already built for its (source, platform, account_id): the window is per source and account,
    because a monthly report ends weeks after the last daily API row and one account's exports lag another's. Restated API days and a month report re-exported while it is in the window
    replace their rows (delete+insert on the grain); a source or account not built yet is read whole. A
    restatement older than the window, or a change of the fx_rates or account_aliases seeds, needs
    `--full-refresh`.
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

    select * from {{ ref('int_ad_spend_converted') }}

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

ad_spend_in_window as (

    select ad_spend.*

    from ad_spend

    left join built_windows
        on ad_spend.source = built_windows.source
        and ad_spend.platform = built_windows.platform
        and ad_spend.account_id = built_windows.account_id

    where built_windows.window_start is null
        or ad_spend.period_end >= built_windows.window_start

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
        cast(platform_conversion_value as decimal(18, 4)) as platform_conversion_value

    from ad_spend_in_window

)

select * from final
