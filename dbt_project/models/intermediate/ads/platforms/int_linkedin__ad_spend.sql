{#-
    LinkedIn ad spend in the shape of int_ad_spend_unioned (which applies account aliases and the common
    types), at campaign level: one row per (source, account_id, campaign_id, period_start, period_end).
    Campaign Manager's campaign performance report.
-#}

with

linkedin_campaigns as (

    select * from {{ ref('stg_linkedin_ads__campaigns') }}

),

linkedin_from_campaigns as (

    select
        'linkedin_ads_campaigns' as source,
        platform,
        account_id,
        campaign_id,
        campaign_name,
        start_date as period_start,
        start_date as period_end,
        currency,
        spend,
        impressions,
        reach,
        clicks,
        total_engagements as platform_engagements,
        follows,
        'conversion' as platform_conversion_type,
        cast(conversions as {{ type_double() }}) as platform_conversions,
        cast(null as {{ dbt.type_numeric() }}) as platform_conversion_value,
        as_of

    from linkedin_campaigns

)

select * from linkedin_from_campaigns
