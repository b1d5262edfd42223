{#-
    LinkedIn's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric
    by metric, the value of the lowest source_precedence). source_precedence:
      1 content metrics       2 followers daily
    Reach is the organic unique impressions of the day, the only unique count LinkedIn reports per day.
-#}

{%- set bigint = dbt.type_bigint() %}

with

linkedin_content_metrics as (

    select * from {{ ref('stg_linkedin__content_metrics') }}

),

linkedin_followers_daily as (

    select * from {{ ref('stg_linkedin__followers_daily') }}

),

linkedin_content_metrics_mapped as (

    select
        platform,
        account_id,
        {{ adapter.quote('date') }} as activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        cast(null as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        -- organic: the only unique count LinkedIn reports per day
        unique_impressions_organic as reach,
        impressions_organic as impressions,
        cast(null as {{ bigint }}) as views,
        reactions_organic as likes,
        comments_organic as comments,
        reposts_organic as shares,
        cast(null as {{ bigint }}) as saves,
        reposts_organic as reposts,
        clicks_organic as clicks,
        reactions_organic as reactions,
        cast(null as {{ bigint }}) as platform_total,
        as_of

    from linkedin_content_metrics

),

linkedin_followers_daily_mapped as (

    select
        platform,
        account_id,
        {{ adapter.quote('date') }} as activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        -- the sheet's Total followers is the day's new followers
        total_followers as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        {%- for metric in ['reach', 'impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'reposts',
                           'clicks', 'reactions', 'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        as_of

    from linkedin_followers_daily

),

unioned as (

    select * from linkedin_content_metrics_mapped
    union all
    select * from linkedin_followers_daily_mapped

)

select * from unioned
