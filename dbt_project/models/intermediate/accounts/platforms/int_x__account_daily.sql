{#-
    X's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric by
    metric, the value of the lowest source_precedence). source_precedence:
      1 video overview (Analytics)       2 account overview (Analytics)       3 daily tweet activity (legacy)
    The video overview reports video plays only, so it fills `video_views` and nothing else: the account
    overview keeps every other metric, and its own `Video views` count stands only for days the video
    overview does not cover.
-#}

{%- set bigint = dbt.type_bigint() %}

with

x_account_overview as (

    select * from {{ ref('stg_x__account_overview') }}

),

x_daily_activity as (

    select * from {{ ref('stg_x__daily_activity') }}

),

x_video_overview as (

    select * from {{ ref('stg_x__video_overview') }}

),

x_video_overview_mapped as (

    select
        platform,
        account_id,
        activity_date,
        1 as source_precedence,
        {%- for metric in ['followers', 'followers_gained', 'net_follower_change', 'reach', 'impressions',
                           'views'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        views as video_views,
        {%- for metric in ['likes', 'comments', 'shares', 'saves', 'reposts', 'clicks', 'reactions',
                           'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        as_of

    from x_video_overview

),

x_account_overview_mapped as (

    select
        platform,
        account_id,
        activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        new_follows as followers_gained,
        new_follows - unfollows as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        impressions,
        -- video_views and media_views count video plays only, not views of every post
        cast(null as {{ bigint }}) as views,
        video_views,
        likes,
        replies as comments,
        reposts as shares,
        bookmarks as saves,
        reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        engagements as platform_total,
        as_of

    from x_account_overview

),

x_daily_activity_mapped as (

    select
        platform,
        account_id,
        activity_date,
        3 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        follows as followers_gained,
        -- follows only: unfollows are not in this export
        cast(null as {{ bigint }}) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        impressions,
        cast(null as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as video_views,
        likes,
        replies as comments,
        retweets as shares,
        cast(null as {{ bigint }}) as saves,
        retweets as reposts,
        url_clicks as clicks,
        cast(null as {{ bigint }}) as reactions,
        engagements as platform_total,
        as_of

    from x_daily_activity

),

unioned as (

    select * from x_video_overview_mapped
    union all
    select * from x_account_overview_mapped
    union all
    select * from x_daily_activity_mapped

)

select * from unioned
