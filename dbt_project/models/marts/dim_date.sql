{#-
    A calendar: one row per day from the first day of the earliest month to the last day of the latest
    month any fact's dates fall in, so every date a loaded export holds has a row, and so does every
    month_start (facts test their dates against it with relationships tests). The span comes from the data: post
    snapshot and publish days, account days, ad report periods, comment days, live session days, order days
    and creator deal dates. The vars `dim_date_start` and `dim_date_end` (ISO dates) widen it, e.g. to plan
    a year ahead; they never cut data off: a date outside them still gets its row. With no data and no vars
    the calendar is empty. Built from a portable integer spine (the day_offsets macro: cross joins, no
    generate_series) and dbt's cross-database date macros. Weeks start on the adapter's week start
    (Monday on DuckDB, ISO).
-#}
{%- set span_start = var('dim_date_start', none) -%}
{%- set span_end = var('dim_date_end', none) %}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_latest') }}

),

account_days as (

    select * from {{ ref('int_account_daily_unioned') }}

),

ad_periods as (

    select * from {{ ref('int_ad_spend_unioned') }}

),

comments as (

    select * from {{ ref('int_comments_threaded') }}

),

live_sessions as (

    select * from {{ ref('stg_brand__live_sessions') }}

),

conversions as (

    select * from {{ ref('int_attribution_conversions') }}

),

creator_deals as (

    select * from {{ ref('stg_brand__creator_campaigns') }}

),

data_days as (

    select snapshot_date as day_in_data from post_snapshots
    union all
    select published_date as day_in_data from post_snapshots
    union all
    select activity_date as day_in_data from account_days
    union all
    select period_start as day_in_data from ad_periods
    union all
    select period_end as day_in_data from ad_periods
    union all
    select created_on as day_in_data from comments
    union all
    select cast(started_at as date) as day_in_data from live_sessions
    union all
    select conversion_date as day_in_data from conversions
    union all
    select starts_on as day_in_data from creator_deals
    union all
    select ends_on as day_in_data from creator_deals
    {%- if span_start %}
    union all
    select cast('{{ span_start }}' as date) as day_in_data
    {%- endif %}
    {%- if span_end %}
    union all
    select cast('{{ span_end }}' as date) as day_in_data
    {%- endif %}

),

bounds as (

    -- whole months, so a fact's month_start (ROI, channel mix) has its row too
    select
        cast({{ dbt.date_trunc('month', 'min(day_in_data)') }} as date) as first_day,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, dbt.date_trunc('month', 'max(day_in_data)'))) }}
            as date
        ) as last_day

    from data_days

),

day_offsets as (

    {{ day_offsets() }}

),

days as (

    select
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'bounds.first_day') }} as date) as date_day

    from bounds

    cross join day_offsets

    where day_offsets.day_offset <= {{ dbt.datediff('bounds.first_day', 'bounds.last_day', 'day') }}

),

final as (

    select
        date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date,
        cast(extract(year from date_day) as {{ dbt.type_int() }}) as year_number,
        cast(extract(quarter from date_day) as {{ dbt.type_int() }}) as quarter_of_year,
        cast(extract(month from date_day) as {{ dbt.type_int() }}) as month_of_year,
        cast(extract(day from date_day) as {{ dbt.type_int() }}) as day_of_month

    from days

)

select * from final
