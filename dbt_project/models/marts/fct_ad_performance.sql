{#-
    Paid delivery and spend per campaign per reporting period, as each export reported it (see the yml).

    Incremental: a run rebuilds every row whose period ends within `incremental_lookback_days` (default 7)
    of the newest period_end already built, so restated API days and a month report re-exported while the
    month is still in the window replace their rows (delete+insert on the grain). A restatement older than
    the window, or a change of the fx_rates or account_aliases seeds, needs `--full-refresh`.
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

    from ad_spend

    {% if is_incremental() -%}
    where period_end >= (
        select {{ dbt.dateadd('day', -1 * var('incremental_lookback_days', 7), 'max(period_end)') }}
        from {{ this }}
    )
    {%- endif %}

)

select * from final
