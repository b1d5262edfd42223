{#-
    Audience composition from every export that splits an account's audience by one dimension, in one
    shape: one row per (platform, account_id, source, breakdown, breakdown_value, period_start,
    period_end, snapshot_date), under the account's canonical id (seed account_aliases).

      LinkedIn followers export, demographic sheets: followers per value at the export day (a snapshot;
        period_start = period_end = snapshot_date).
      YouTube Studio geography table (Table data.csv): views and watch time per country over the period
        the export covers. The file does not say which period; Studio's zip is named
        `<view> <first day>_<last day> <channel>`, so the period is read from the source path when it holds
        such a pair of dates, else it stays NULL (unknown, not guessed).
      YouTube Studio chart data (Chart data.csv): views and watch time per value and day, for every
        audience dimension the chart was split by (Geography as `country`, other dimensions by their
        header in snake case). A chart split by `Content` (videos) is not audience composition and is
        left out here.
-#}

with

linkedin_follower_demographics as (

    select * from {{ ref('stg_linkedin__follower_demographics') }}

),

youtube_studio_geography as (

    select * from {{ ref('stg_youtube__studio_geography') }}

),

youtube_studio_chart as (

    select * from {{ ref('stg_youtube__studio_chart') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

linkedin_follower_demographics_mapped as (

    select
        platform,
        account_id,
        'linkedin_follower_demographics' as source,
        dimension as breakdown,
        {{ adapter.quote('value') }} as breakdown_value,
        'snapshot' as period_grain,
        snapshot_date as period_start,
        snapshot_date as period_end,
        snapshot_date,
        total_followers as followers,
        cast(null as {{ dbt.type_bigint() }}) as views,
        cast(null as {{ type_double() }}) as watch_time_hours,
        as_of

    from linkedin_follower_demographics

),

youtube_studio_geography_mapped as (

    select
        platform,
        account_id,
        'youtube_studio_geography' as source,
        'country' as breakdown,
        country_code as breakdown_value,
        'period' as period_grain,
        -- regexp_extract(string, pattern, group) reads alike in DuckDB, Spark and Trino; no match is ''
        -- or NULL by engine, NULL either way here
        cast(
            nullif(regexp_extract(source_file, '([0-9]{4}-[0-9]{2}-[0-9]{2})_[0-9]{4}-[0-9]{2}-[0-9]{2}', 1), '')
            as date
        ) as period_start,
        cast(
            nullif(regexp_extract(source_file, '[0-9]{4}-[0-9]{2}-[0-9]{2}_([0-9]{4}-[0-9]{2}-[0-9]{2})', 1), '')
            as date
        ) as period_end,
        snapshot_date,
        cast(null as {{ dbt.type_bigint() }}) as followers,
        views,
        watch_time_hours,
        as_of

    from youtube_studio_geography

),

youtube_studio_chart_pivoted as (

    select
        platform,
        account_id,
        case
            when dimension = 'Geography' then 'country'
            else lower(replace(trim(dimension), ' ', '_'))
        end as breakdown,
        dimension_value as breakdown_value,
        report_date,
        cast(max(case when metric = 'Views' then metric_value end) as {{ dbt.type_bigint() }}) as views,
        max(case when metric = 'Watch time (hours)' then metric_value end) as watch_time_hours,
        max(as_of) as as_of

    from youtube_studio_chart

    where dimension != 'Content'
        and metric in ('Views', 'Watch time (hours)')

    group by 1, 2, 3, 4, 5

),

youtube_studio_chart_mapped as (

    select
        platform,
        account_id,
        'youtube_studio_chart' as source,
        breakdown,
        breakdown_value,
        'day' as period_grain,
        report_date as period_start,
        report_date as period_end,
        cast(as_of as date) as snapshot_date,
        cast(null as {{ dbt.type_bigint() }}) as followers,
        views,
        watch_time_hours,
        as_of

    from youtube_studio_chart_pivoted

),

unioned as (

    select * from linkedin_follower_demographics_mapped
    union all
    select * from youtube_studio_geography_mapped
    union all
    select * from youtube_studio_chart_mapped

),

aliased as (

    select
        unioned.platform,
        coalesce(account_aliases.account_id, unioned.account_id) as account_id,
        unioned.source,
        unioned.breakdown,
        unioned.breakdown_value,
        unioned.period_grain,
        unioned.period_start,
        unioned.period_end,
        unioned.snapshot_date,
        unioned.followers,
        unioned.views,
        unioned.watch_time_hours,
        unioned.as_of

    from unioned

    left join account_aliases
        on unioned.platform = account_aliases.platform
        and unioned.account_id = account_aliases.source_account_id

)

select * from aliased
