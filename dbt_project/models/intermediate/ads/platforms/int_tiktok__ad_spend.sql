{#-
    TikTok ad spend in the shape of int_ad_spend_unioned (which applies account aliases and the common
    types), at campaign level: one row per (source, account_id, campaign_id, period_start, period_end).
    Two sources describe the same spend (the Ads Manager export and the API report): both are kept,
    each row naming its `source`; they are never added together (the ROI mart picks one per campaign and
    month). Ad-level rows are rolled up to campaign-day: their reach cannot be, so it is NULL; engagement
    and follow counts that are incomplete across the rolled-up rows become NULL, not a partial sum.
-#}

with

tiktok_ads_manager as (

    select * from {{ ref('stg_tiktok_ads__ads_manager') }}

),

tiktok_report as (

    select * from {{ ref('stg_tiktok_ads__report') }}

),

tiktok_from_ads_manager as (

    select
        'tiktok_ads_manager' as source,
        platform,
        account_id,
        -- the export has no ids: the campaign is known by its name
        campaign_name as campaign_id,
        campaign_name,
        report_date as period_start,
        report_date as period_end,
        currency,
        sum(spend) as spend,
        sum(impressions) as impressions,
        cast(null as {{ dbt.type_bigint() }}) as reach,
        sum(destination_clicks) as clicks,
        -- only paid likes are exported: no engagement total
        cast(null as {{ dbt.type_bigint() }}) as platform_engagements,
        cast(null as {{ dbt.type_bigint() }}) as follows,
        'conversion' as platform_conversion_type,
        cast(sum(conversions) as {{ type_double() }}) as platform_conversions,
        cast(null as {{ dbt.type_numeric() }}) as platform_conversion_value,
        max(as_of) as as_of

    from tiktok_ads_manager

    group by 1, 2, 3, 4, 5, 6, 7, 8

),

tiktok_from_report as (

    select
        'tiktok_ads_report' as source,
        platform,
        account_id,
        campaign_id,
        max(campaign_name) as campaign_name,
        report_date as period_start,
        report_date as period_end,
        currency,
        sum(spend) as spend,
        sum(impressions) as impressions,
        cast(null as {{ dbt.type_bigint() }}) as reach,
        sum(clicks) as clicks,
        -- clicks + likes + comments + shares; NULL when any ad row lacks one of them
        case
            when count(clicks + likes + comments + shares) = count(*)
                then sum(clicks + likes + comments + shares)
        end as platform_engagements,
        case when count(follows) = count(*) then sum(follows) end as follows,
        'conversion' as platform_conversion_type,
        cast(sum(conversions) as {{ type_double() }}) as platform_conversions,
        cast(null as {{ dbt.type_numeric() }}) as platform_conversion_value,
        max(as_of) as as_of

    from tiktok_report

    where data_level = 'AUCTION_AD'

    group by 1, 2, 3, 4, 6, 7, 8

),

unioned as (

    select * from tiktok_from_ads_manager
    union all
    select * from tiktok_from_report

)

select * from unioned
