{#-
    A calendar: one row per day from the earliest to the latest day in the organic facts (post snapshot
    days, publish days, account days). Built from a portable integer spine (the day_offsets macro: cross
    joins, no generate_series) and dbt's cross-database date macros. Weeks start on the adapter's
    week start (Monday on DuckDB, ISO).
-#}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_latest') }}

),

account_days as (

    select * from {{ ref('int_account_daily_unioned') }}

),

data_days as (

    select snapshot_date as day_in_data from post_snapshots
    union all
    select published_date as day_in_data from post_snapshots
    union all
    select activity_date as day_in_data from account_days

),

bounds as (

    select
        min(day_in_data) as first_day,
        max(day_in_data) as last_day

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
