{#-
    Instagram's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric
    by metric, the value of the lowest source_precedence). source_precedence:
      1 Graph account insights (period day, no breakdown)
      2 Business Suite daily metrics (int_business_suite_daily_metrics_mapped, Instagram's rows)
    Meta's daily values are already on their Pacific day (staging's metric_date applies the end_time rule).
-#}

{%- set bigint = dbt.type_bigint() %}

with

instagram_account_insights as (

    select * from {{ ref('stg_instagram__account_insights') }}

),

business_suite_daily as (

    select * from {{ ref('int_business_suite_daily_metrics_mapped') }}

),

instagram_account_insights_mapped as (

    select
        platform,
        account_id,
        metric_date as activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        -- follower_count (period day) is the day's new followers, not the total
        cast(max(case when metric = 'follower_count' then metric_value end) as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(max(case when metric = 'reach' then metric_value end) as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when metric = 'views' then metric_value end) as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as video_views,
        cast(max(case when metric = 'likes' then metric_value end) as {{ bigint }}) as likes,
        cast(max(case when metric = 'comments' then metric_value end) as {{ bigint }}) as comments,
        cast(max(case when metric = 'shares' then metric_value end) as {{ bigint }}) as shares,
        cast(max(case when metric = 'saves' then metric_value end) as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(max(case when metric = 'total_interactions' then metric_value end) as {{ bigint }}) as platform_total,
        max(as_of) as as_of

    from instagram_account_insights

    where period = 'day'
        and breakdown = ''

    group by 1, 2, 3

),

business_suite_daily_mapped as (

    select
        platform,
        account_id,
        activity_date,
        source_precedence,
        followers,
        followers_gained,
        net_follower_change,
        reach,
        impressions,
        views,
        video_views,
        likes,
        comments,
        shares,
        saves,
        reposts,
        clicks,
        reactions,
        platform_total,
        as_of

    from business_suite_daily

    where platform = 'instagram'

),

unioned as (

    select * from instagram_account_insights_mapped
    union all
    select * from business_suite_daily_mapped

)

select * from unioned
