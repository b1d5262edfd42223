{#-
    int_ad_spend_unioned with spend converted into var('reporting_currency').

    fx_rate is the mean of the daily rates (int_fx_rates_daily: the day's rate, else the latest within
    7 days) over every day of the row's period: for a day row, that day's rate; for a month row, the
    month's average rate, the usual rate for an amount spent evenly over a period. It is NULL when any
    day of the period has no rate (a currency missing from the seed, or dates beyond it), and so is
    spend_reporting: the not_null tests on the marts then fail instead of a total silently shrinking.
-#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_unioned') }}

),

fx_rates_daily as (

    select * from {{ ref('int_fx_rates_daily') }}

),

rates_over_periods as (

    select
        ad_spend.source,
        ad_spend.platform,
        ad_spend.account_id,
        ad_spend.campaign_id,
        ad_spend.period_start,
        ad_spend.period_end,
        avg(fx_rates_daily.rate_to_reporting) as mean_rate_to_reporting,
        count(fx_rates_daily.rate_to_reporting) as days_with_rate

    from ad_spend

    left join fx_rates_daily
        on ad_spend.currency = fx_rates_daily.currency
        and ad_spend.period_start <= fx_rates_daily.date_day
        and ad_spend.period_end >= fx_rates_daily.date_day

    group by 1, 2, 3, 4, 5, 6

),

with_rates as (

    select
        ad_spend.*,
        '{{ var("reporting_currency") }}' as reporting_currency,
        case
            when ad_spend.currency = '{{ var("reporting_currency") }}' then 1.0
            when rates_over_periods.days_with_rate
                = {{ dbt.datediff(
                    'ad_spend.period_start', 'ad_spend.period_end', 'day'
                ) }} + 1
                then rates_over_periods.mean_rate_to_reporting
        end as fx_rate

    from ad_spend

    inner join rates_over_periods
        on ad_spend.source = rates_over_periods.source
        and ad_spend.platform = rates_over_periods.platform
        and ad_spend.account_id = rates_over_periods.account_id
        and ad_spend.campaign_id = rates_over_periods.campaign_id
        and ad_spend.period_start = rates_over_periods.period_start
        and ad_spend.period_end = rates_over_periods.period_end

),

final as (

    select
        source,
        platform,
        account_id,
        campaign_id,
        campaign_name,
        period_start,
        period_end,
        grain,
        currency,
        spend,
        impressions,
        reach,
        clicks,
        platform_engagements,
        follows,
        platform_conversion_type,
        platform_conversions,
        platform_conversion_value,
        as_of,
        reporting_currency,
        fx_rate,
        cast(round(spend * fx_rate, 4) as {{ dbt.type_numeric() }}) as spend_reporting

    from with_rates

)

select * from final
