{#-
    X ad spend in the shape of int_ad_spend_unioned (which applies account aliases and the common
    types), at campaign level: one row per (source, account_id, campaign_id, period_start, period_end).
    The promoted-tweets report rolled up to campaign and period; engagement counts incomplete across
    the rolled-up rows become NULL, not a partial sum.
-#}

with

x_promoted_tweets as (

    select * from {{ ref('stg_x_ads__promoted_tweets') }}

),

x_from_promoted_tweets as (

    select
        'x_ads_promoted_tweets' as source,
        platform,
        account_id,
        campaign_id,
        -- the report names no campaigns
        cast(null as {{ dbt.type_string() }}) as campaign_name,
        period_start,
        period_end,
        currency,
        -- '-' (NULL) on a tweet row adds nothing: spend over the rows that reported it
        sum(spend) as spend,
        sum(impressions) as impressions,
        cast(null as {{ dbt.type_bigint() }}) as reach,
        sum(link_clicks) as clicks,
        -- likes + retweets + replies + link clicks (a tweet without a link has no link clicks)
        case
            when count(likes + retweets + replies) = count(*)
                then sum(likes + retweets + replies + coalesce(link_clicks, 0))
        end as platform_engagements,
        cast(null as {{ dbt.type_bigint() }}) as follows,
        cast(null as {{ dbt.type_string() }}) as platform_conversion_type,
        cast(null as {{ type_double() }}) as platform_conversions,
        cast(null as {{ dbt.type_numeric() }}) as platform_conversion_value,
        max(as_of) as as_of

    from x_promoted_tweets

    group by 1, 2, 3, 4, 5, 6, 7, 8

)

select * from x_from_promoted_tweets
