{#-
    Cost and paid delivery per campaign and calendar month, in var('reporting_currency').
    Grain: one row per (platform, campaign_key, month_start).

    A campaign is `campaign_key`: its name on its platform (X reports no names: its id), across the
    platform's ad accounts and sources, because that is what an order's UTMs can name; a creator deal
    is platform `creator`, key `<brand campaign id>/<creator handle>` (a creator's posts on several
    platforms share one promo code, so they are one deal here).

    Ad spend, one source per (platform, account, campaign, month), never two added:
    - a row counts in a month only when its period lies fully inside that month (a quarter or a
      two-month report is not split by guesswork); a row contained in a longer row of the same source
      and campaign is dropped (a week inside a month report);
    - the source covering the most days of the month wins; on a tie day-grain sources win, then API
      sources (Meta insights, TikTok report) over hand exports.
    Creator deals: their cost in the reporting currency as int_creator_deals_converted computes it (fee +
    product cost + agency fee, converted at the deal's start date), booked in the month the deal starts.
-#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

creator_deals as (

    select * from {{ ref('int_creator_deals_converted') }}

),

ad_rows as (

    select
        source,
        platform,
        account_id,
        campaign_id,
        coalesce(campaign_name, campaign_id) as campaign_key,
        period_start,
        period_end,
        grain,
        cast({{ dbt.date_trunc('month', 'period_start') }} as date) as month_start,
        cast({{ dbt.date_trunc('month', 'period_end') }} as date) as end_month_start,
        {{ dbt.datediff(
            'period_start', 'period_end', 'day'
        ) }} + 1 as days_covered,
        spend,
        spend_reporting,
        impressions,
        clicks,
        platform_engagements,
        follows

    from ad_spend

),

single_month_rows as (

    select * from ad_rows

    where month_start = end_month_start

),

nested_rows as (

    select distinct
        inner_rows.source,
        inner_rows.platform,
        inner_rows.account_id,
        inner_rows.campaign_id,
        inner_rows.period_start,
        inner_rows.period_end

    from single_month_rows as inner_rows

    inner join single_month_rows as outer_rows
        on inner_rows.source = outer_rows.source
        and inner_rows.platform = outer_rows.platform
        and inner_rows.account_id = outer_rows.account_id
        and inner_rows.campaign_id = outer_rows.campaign_id
        and inner_rows.period_start >= outer_rows.period_start
        and inner_rows.period_end <= outer_rows.period_end
        and inner_rows.days_covered < outer_rows.days_covered

),

rows_in_one_month as (

    select single_month_rows.*

    from single_month_rows

    left join nested_rows
        on single_month_rows.source = nested_rows.source
        and single_month_rows.platform = nested_rows.platform
        and single_month_rows.account_id = nested_rows.account_id
        and single_month_rows.campaign_id = nested_rows.campaign_id
        and single_month_rows.period_start = nested_rows.period_start
        and single_month_rows.period_end = nested_rows.period_end

    where nested_rows.source is null

),

source_coverage as (

    select
        platform,
        account_id,
        campaign_key,
        month_start,
        source,
        sum(days_covered) as days_covered,
        min(case when grain = 'day' then 0 else 1 end) as grain_order,
        min(case when source in ('meta_ads_insights', 'tiktok_ads_report') then 0 else 1 end) as source_order

    from rows_in_one_month

    group by 1, 2, 3, 4, 5

),

source_ranked as (

    select
        *,
        row_number() over (
            partition by platform, account_id, campaign_key, month_start
            order by days_covered desc, grain_order asc, source_order asc, source asc
        ) as source_rank

    from source_coverage

),

chosen_rows as (

    select rows_in_one_month.*

    from rows_in_one_month

    inner join source_ranked
        on rows_in_one_month.platform = source_ranked.platform
        and rows_in_one_month.account_id = source_ranked.account_id
        and rows_in_one_month.campaign_key = source_ranked.campaign_key
        and rows_in_one_month.month_start = source_ranked.month_start
        and rows_in_one_month.source = source_ranked.source

    where source_ranked.source_rank = 1

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

    from chosen_rows

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
