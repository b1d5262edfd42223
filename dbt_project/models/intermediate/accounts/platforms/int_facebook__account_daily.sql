{#-
    Facebook's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric
    by metric, the value of the lowest source_precedence). source_precedence:
      1 Graph page insights (period day, no breakdown)
      2 Business Suite daily metrics (int_business_suite_daily_metrics_mapped, Facebook's rows)
    Reach is `page_total_media_view_unique` of period day: the Page's unique count for that one day.
    Meta's daily values are already on their Pacific day (staging's metric_date applies the end_time rule).
-#}

{%- set bigint = dbt.type_bigint() %}

with

facebook_page_insights as (

    select * from {{ ref('stg_facebook__page_insights') }}

),

business_suite_daily as (

    select * from {{ ref('int_business_suite_daily_metrics_mapped') }}

),

facebook_page_insights_mapped as (

    select
        platform,
        account_id,
        metric_date as activity_date,
        1 as source_precedence,
        cast(max(case when metric = 'page_follows' then metric_value end) as {{ bigint }}) as followers,
        cast(max(case when metric = 'page_daily_follows_unique' then metric_value end) as {{ bigint }})
            as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(max(case when metric = 'page_total_media_view_unique' then metric_value end) as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when metric = 'page_media_view' then metric_value end) as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as video_views,
        cast(null as {{ bigint }}) as likes,
        cast(null as {{ bigint }}) as comments,
        cast(null as {{ bigint }}) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        -- reactions, comments, shares and more on the Page's posts, as Meta counts them
        cast(max(case when metric = 'page_post_engagements' then metric_value end) as {{ bigint }}) as platform_total,
        max(as_of) as as_of

    from facebook_page_insights

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

    where platform = 'facebook'

),

unioned as (

    select * from facebook_page_insights_mapped
    union all
    select * from business_suite_daily_mapped

)

select * from unioned
