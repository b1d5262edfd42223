{#-
    Meta (Facebook and Instagram ads) ad spend in the shape of int_ad_spend_unioned (which applies account aliases and the common
    types), at campaign level: one row per (source, account_id, campaign_id, period_start, period_end).
    Two sources describe the same spend (the monthly Ads Manager CSV and the daily Marketing API
    insights): both are kept, each row naming its `source`; they are never added together (the ROI mart
    picks one per campaign and month).
-#}

with

meta_campaign_reports as (

    select * from {{ ref('stg_meta_ads__campaigns') }}

),

meta_insights as (

    select * from {{ ref('stg_meta_ads__insights') }}

),

meta_from_reports as (

    select
        'meta_ads_campaigns' as source,
        platform,
        account_id,
        campaign_id,
        campaign_name,
        period_start,
        period_end,
        currency,
        spend,
        impressions,
        reach,
        link_clicks as clicks,
        post_engagement as platform_engagements,
        cast(null as {{ dbt.type_bigint() }}) as follows,
        result_indicator as platform_conversion_type,
        cast(results as {{ type_double() }}) as platform_conversions,
        cast(null as {{ dbt.type_numeric() }}) as platform_conversion_value,
        as_of

    from meta_campaign_reports

),

meta_from_insights as (

    select
        'meta_ads_insights' as source,
        platform,
        account_id,
        campaign_id,
        campaign_name,
        period_start,
        period_end,
        currency,
        spend,
        impressions,
        reach,
        inline_link_clicks as clicks,
        cast(null as {{ dbt.type_bigint() }}) as platform_engagements,
        cast(null as {{ dbt.type_bigint() }}) as follows,
        'purchase' as platform_conversion_type,
        cast(purchases as {{ type_double() }}) as platform_conversions,
        cast(purchase_value as {{ dbt.type_numeric() }}) as platform_conversion_value,
        as_of

    from meta_insights

    -- campaign-level rows only: ad set and ad rows of the same campaign would count its spend twice
    where adset_id is null
        and ad_id is null
        and campaign_id is not null

),

unioned as (

    select * from meta_from_reports
    union all
    select * from meta_from_insights

)

select * from unioned
