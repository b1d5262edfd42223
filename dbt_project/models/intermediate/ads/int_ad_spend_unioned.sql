{#-
    Every paid source in one shape, one row per (source, platform, account_id, campaign_id, period_start,
    period_end), at campaign level. `grain` is `day` when the row covers one day, else `period`. Each ad
    platform maps its own sources onto the common columns in its own model,
    platforms/int_<platform>__ad_spend.sql; this model unions the platforms that var('platforms') lists for
    ad_spend, applies account aliases and casts the common types.

    Two sources of one platform may describe the same spend (Meta's monthly Ads Manager CSV and its
    daily Marketing API insights; TikTok's Ads Manager export and its API report): both are kept, each
    row names its `source`, and they are never added together (the ROI mart picks one per campaign and
    month). Ad-level rows (TikTok) are rolled up to campaign-day: their reach cannot be, so it is NULL.
    Engagement and follow counts that are incomplete across the rolled-up rows become NULL, not a
    partial sum.
-#}

with

unioned as (
    {{ union_platform_models('ad_spend', [
        'source', 'platform', 'account_id', 'campaign_id', 'campaign_name', 'period_start', 'period_end',
        'currency', 'spend', 'impressions', 'reach', 'clicks', 'platform_engagements', 'follows',
        'platform_conversion_type', 'platform_conversions', 'platform_conversion_value', 'as_of',
    ]) }}
),

account_aliases as (

    select * from {{ ref('account_aliases') }}

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
