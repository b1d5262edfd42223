{#-
    YouTube's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric
    by metric, the value of the lowest source_precedence). source_precedence:
      1 channel_basic (Reporting API)       2 Studio totals
-#}

{%- set bigint = dbt.type_bigint() %}

with

youtube_channel_basic as (

    select * from {{ ref('stg_youtube__channel_basic') }}

),

youtube_studio_totals as (

    select * from {{ ref('stg_youtube__studio_totals') }}

),

youtube_channel_basic_mapped as (

    -- channel-level rows only (no video), summed over their audience slices (live/on demand,
    -- subscribed status, country): counts, never unique people
    select
        platform,
        account_id,
        report_date as activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        sum(subscribers_gained) as followers_gained,
        sum(subscribers_gained) - sum(subscribers_lost) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        sum(views) as views,
        -- every YouTube view is a video view: `views` holds them
        cast(null as {{ bigint }}) as video_views,
        sum(likes) as likes,
        sum(comments) as comments,
        sum(shares) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        max(as_of) as as_of

    from youtube_channel_basic

    where video_id is null

    group by 1, 2, 3

),

youtube_studio_totals_mapped as (

    select
        platform,
        account_id,
        report_date as activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        cast(null as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when metric = 'Views' then metric_value end) as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as video_views,
        {%- for metric in ['likes', 'comments', 'shares', 'saves', 'reposts', 'clicks', 'reactions',
                           'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        max(as_of) as as_of

    from youtube_studio_totals

    group by 1, 2, 3

),

unioned as (

    select * from youtube_channel_basic_mapped
    union all
    select * from youtube_studio_totals_mapped

)

select * from unioned
