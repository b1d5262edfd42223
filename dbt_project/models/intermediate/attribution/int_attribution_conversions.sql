{#-
    One row per conversion: an order, or a refund (a negative conversion whose revenue is taken back
    through the touches of the same customer), with revenue in var('reporting_currency') at the rate of
    the conversion's UTC date (int_fx_rates_daily: the day's rate, else the latest within 7 days; else
    NULL, and the not_null test on fx_rate fails).
-#}

with

orders as (

    select * from {{ ref('stg_brand__orders') }}

),

fx_rates_daily as (

    select * from {{ ref('int_fx_rates_daily') }}

),

dated_orders as (

    select
        *,
        cast(ordered_at as date) as conversion_date

    from orders

),

with_rates as (

    select
        dated_orders.order_id,
        dated_orders.account_id,
        dated_orders.customer_hash,
        dated_orders.order_type,
        dated_orders.is_refund,
        dated_orders.ordered_at,
        dated_orders.conversion_date,
        cast({{ dbt.date_trunc('month', 'dated_orders.conversion_date') }} as date) as month_start,
        dated_orders.currency,
        dated_orders.revenue,
        '{{ var("reporting_currency") }}' as reporting_currency,
        case
            when dated_orders.currency = '{{ var("reporting_currency") }}' then 1.0
            else fx_rates_daily.rate_to_reporting
        end as fx_rate

    from dated_orders

    left join fx_rates_daily
        on dated_orders.currency = fx_rates_daily.currency
        and dated_orders.conversion_date = fx_rates_daily.date_day

),

final as (

    select
        *,
        cast(round(revenue * fx_rate, 4) as {{ dbt.type_numeric() }}) as revenue_reporting

    from with_rates

)

select * from final
