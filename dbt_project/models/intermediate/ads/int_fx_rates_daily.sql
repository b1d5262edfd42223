{#-
    One rate per (calendar day, currency) into var('reporting_currency'), from the fx_rates seed.

    Rule: the rate published on the day; else the latest earlier rate at most var('fx_max_staleness_days')
    (7) days older (weekends and holidays have no reference rate); else no row, so a conversion joined
    to this model gets NULL and the not_null tests on the converted columns fail. The seed stores
    <currency> -> USD; other pairs are crossed through USD on the same day. USD -> USD = 1 is implied.
-#}
{%- set max_staleness_days = var('fx_max_staleness_days', 7) -%}

with

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

rates_to_usd as (

    select
        rate_date,
        upper(from_currency) as currency,
        rate as rate_to_usd

    from fx_rates

    where upper(to_currency) = 'USD'
        and upper(from_currency) <> 'USD'

),

bounds as (

    select
        min(rate_date) as first_rate_date,
        max(rate_date) as last_rate_date

    from rates_to_usd

),

digits as (

    select 0 as digit
    union all
    select 1
    union all
    select 2
    union all
    select 3
    union all
    select 4
    union all
    select 5
    union all
    select 6
    union all
    select 7
    union all
    select 8
    union all
    select 9

),

day_offsets as (

    select units.digit + 10 * tens.digit + 100 * hundreds.digit + 1000 * thousands.digit as day_offset

    from digits as units
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands

),

calendar as (

    select
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'bounds.first_rate_date') }} as date) as date_day

    from bounds
    cross join day_offsets

    where day_offsets.day_offset
        <= {{ dbt.datediff(
            'bounds.first_rate_date', 'bounds.last_rate_date', 'day'
        ) }} + {{ max_staleness_days }}

),

candidate_rates as (

    select
        calendar.date_day,
        rates_to_usd.currency,
        rates_to_usd.rate_date,
        rates_to_usd.rate_to_usd,
        row_number() over (
            partition by calendar.date_day, rates_to_usd.currency
            order by rates_to_usd.rate_date desc
        ) as recency_rank

    from calendar

    inner join rates_to_usd
        on calendar.date_day >= rates_to_usd.rate_date
        and rates_to_usd.rate_date
        >= cast({{ dbt.dateadd('day', -max_staleness_days, 'calendar.date_day') }} as date)

),

daily_rates_to_usd as (

    select
        date_day,
        currency,
        rate_date,
        rate_to_usd

    from candidate_rates

    where recency_rank = 1

    union all

    select
        date_day,
        'USD' as currency,
        date_day as rate_date,
        1 as rate_to_usd

    from calendar

),

reporting_currency_rates as (

    select
        date_day,
        rate_date,
        rate_to_usd

    from daily_rates_to_usd

    where currency = '{{ var("reporting_currency") }}'

),

final as (

    select
        daily_rates_to_usd.date_day,
        daily_rates_to_usd.currency,
        '{{ var("reporting_currency") }}' as reporting_currency,
        -- the older of the two rates crossed (for a USD reporting currency: the currency's own rate date)
        case
            when daily_rates_to_usd.rate_date < reporting_currency_rates.rate_date
                then daily_rates_to_usd.rate_date
            else reporting_currency_rates.rate_date
        end as rate_date,
        cast(
            daily_rates_to_usd.rate_to_usd / reporting_currency_rates.rate_to_usd as {{ type_double() }}
        ) as rate_to_reporting

    from daily_rates_to_usd

    inner join reporting_currency_rates
        on daily_rates_to_usd.date_day = reporting_currency_rates.date_day

)

select * from final
