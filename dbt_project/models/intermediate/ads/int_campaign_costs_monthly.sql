{#-
    Cost and paid delivery per campaign and calendar month, in var('reporting_currency').
    Grain: one row per (platform, campaign_key, month_start).

    A campaign is `campaign_key`: its name on its platform (X reports no names: its id), across the
    platform's ad accounts and sources, because that is what an order's UTMs can name; a creator deal
    is platform `creator`, key `<brand campaign id>/<creator handle>` (a creator's posts on several
    platforms share one promo code, so they are one deal here).

    Ad spend: the counted rows of int_ad_spend_counted (one source per ad account and month, each
    campaign-day once) that lie inside one calendar month. A counted row spanning two months (a quarter
    report with no month reports of its own inside it) is left out of the monthly figures rather than
    split by guesswork; fct_ad_performance still counts it.
    Creator deals: their cost in the reporting currency as int_creator_deals_converted computes it (fee +
    product cost + agency fee, converted at the deal's start date), booked in the month the deal starts.
-#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_counted') }}

),

creator_deals as (

    select * from {{ ref('int_creator_deals_converted') }}

),

counted_month_rows as (

    select
        platform,
        coalesce(campaign_name, campaign_id) as campaign_key,
        cast({{ dbt.date_trunc('month', 'period_start') }} as date) as month_start,
        spend,
        spend_reporting,
        impressions,
        clicks,
        platform_engagements,
        follows

    from ad_spend

    where is_counted
        and {{ dbt.date_trunc('month', 'period_start') }} = {{ dbt.date_trunc('month', 'period_end') }}

),

ad_costs as (

    select
        platform,
        campaign_key,
        month_start,
        -- NULL when any row's spend could not be converted (no FX rate): never a partial total
        case
            when count(spend_reporting) = count(spend) then sum(spend_reporting)
        end as ad_spend_reporting,
        cast(null as {{ dbt.type_numeric() }}) as creator_cost_reporting,
        sum(impressions) as impressions,
        case when count(clicks) = count(*) then sum(clicks) end as clicks,
        case when count(platform_engagements) = count(*) then sum(platform_engagements) end as platform_engagements,
        case when count(follows) = count(*) then sum(follows) end as follows

    from counted_month_rows

    group by 1, 2, 3

),

creator_costs as (

    select
        'creator' as platform,
        {{ dbt.concat(['campaign_id', "'/'", 'creator_handle']) }} as campaign_key,
        cast({{ dbt.date_trunc('month', 'starts_on') }} as date) as month_start,
        cast(null as {{ dbt.type_numeric() }}) as ad_spend_reporting,
        case
            when count(deal_cost_reporting) = count(*) then sum(deal_cost_reporting)
        end as creator_cost_reporting,
        cast(null as {{ dbt.type_bigint() }}) as impressions,
        cast(null as {{ dbt.type_bigint() }}) as clicks,
        cast(null as {{ dbt.type_bigint() }}) as platform_engagements,
        cast(null as {{ dbt.type_bigint() }}) as follows

    from creator_deals

    group by 1, 2, 3

),

unioned as (

    select * from ad_costs
    union all
    select * from creator_costs

),

final as (

    select
        platform,
        campaign_key,
        month_start,
        cast(ad_spend_reporting as {{ dbt.type_numeric() }}) as ad_spend_reporting,
        cast(creator_cost_reporting as {{ dbt.type_numeric() }}) as creator_cost_reporting,
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(platform_engagements as {{ dbt.type_bigint() }}) as platform_engagements,
        cast(follows as {{ dbt.type_bigint() }}) as follows

    from unioned

)

select * from final
