{#-
    Every paid source in one shape, one row per (source, platform, account_id, campaign_id, period_start,
    period_end), at campaign level. `grain` is `day` when the row covers one day, else `period`.

    Two sources of one platform may describe the same spend (Meta's monthly Ads Manager CSV and its
    daily Marketing API insights; TikTok's Ads Manager export and its API report): both are kept, each
    row names its `source`, and they are never added together (the ROI mart picks one per campaign and
    month). Ad-level rows (TikTok) are rolled up to campaign-day: their reach cannot be, so it is NULL.
    Engagement and follow counts that are incomplete across the rolled-up rows become NULL, not a
    partial sum.
-#}

with

meta_campaign_reports as (

    select * from {{ ref('stg_meta_ads__campaigns') }}

),

meta_insights as (

    select * from {{ ref('stg_meta_ads__insights') }}

),

tiktok_ads_manager as (

    select * from {{ ref('stg_tiktok_ads__ads_manager') }}

),

tiktok_report as (

    select * from {{ ref('stg_tiktok_ads__report') }}

),

linkedin_campaigns as (

    select * from {{ ref('stg_linkedin_ads__campaigns') }}

),

x_promoted_tweets as (

    select * from {{ ref('stg_x_ads__promoted_tweets') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

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

),

unioned as (

    select * from meta_from_reports
    union all
    select * from meta_from_insights
    union all
    select * from tiktok_from_ads_manager
    union all
    select * from tiktok_from_report
    union all
    select * from linkedin_from_campaigns
    union all
    select * from x_from_promoted_tweets

),

final as (

    select
        unioned.source,
        unioned.platform,
        -- one id per real account (seed account_aliases)
        coalesce(account_aliases.account_id, unioned.account_id) as account_id,
        unioned.campaign_id,
        unioned.campaign_name,
        unioned.period_start,
        unioned.period_end,
        case when unioned.period_start = unioned.period_end then 'day' else 'period' end as grain,
        unioned.currency,
        cast(unioned.spend as {{ dbt.type_numeric() }}) as spend,
        cast(unioned.impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(unioned.reach as {{ dbt.type_bigint() }}) as reach,
        cast(unioned.clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(unioned.platform_engagements as {{ dbt.type_bigint() }}) as platform_engagements,
        cast(unioned.follows as {{ dbt.type_bigint() }}) as follows,
        unioned.platform_conversion_type,
        unioned.platform_conversions,
        unioned.platform_conversion_value,
        unioned.as_of

    from unioned

    left join account_aliases
        on unioned.platform = account_aliases.platform
        and unioned.account_id = account_aliases.source_account_id

)

select * from final
