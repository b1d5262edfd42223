{#-
    TikTok's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric by
    metric, the value of the lowest source_precedence). source_precedence:
      1 Studio overview       2 Studio follower history
-#}

{%- set bigint = dbt.type_bigint() %}

with

tiktok_overview as (

    select * from {{ ref('stg_tiktok__studio_overview') }}

),

tiktok_follower_history as (

    select * from {{ ref('stg_tiktok__follower_history') }}

),

tiktok_overview_mapped as (

    select
        platform,
        account_id,
        report_date as activity_date,
        1 as source_precedence,
        followers,
        cast(null as {{ bigint }}) as followers_gained,
        net_followers as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        video_views as views,
        -- every TikTok view is a video view: `views` holds them
        cast(null as {{ bigint }}) as video_views,
        likes,
        comments,
        shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        as_of

    from tiktok_overview

),

tiktok_follower_history_mapped as (

    select
        platform,
        account_id,
        report_date as activity_date,
        2 as source_precedence,
        followers,
        cast(null as {{ bigint }}) as followers_gained,
        net_followers as net_follower_change,
        {%- for metric in ['reach', 'impressions', 'views', 'video_views', 'likes', 'comments', 'shares',
                           'saves', 'reposts', 'clicks', 'reactions', 'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        as_of

    from tiktok_follower_history

),

unioned as (

    select * from tiktok_overview_mapped
    union all
    select * from tiktok_follower_history_mapped

)

select * from unioned
