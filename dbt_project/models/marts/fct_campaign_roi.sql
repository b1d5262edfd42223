{%- set attribution_models = var(
    'attribution_models', ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay']
) -%}

with

costs as (

    select * from {{ ref('int_campaign_costs_monthly') }}

),

revenue as (

    select * from {{ ref('int_attributed_revenue_monthly') }}

),

incrementality_scenarios as (

    select * from {{ ref('incrementality_scenarios') }}

),

margins as (

    select * from {{ ref('margins') }}

),

revenue_tracking as (

    select * from {{ ref('int_campaign_revenue_tracking') }}

),

campaign_months as (

    select
        platform,
        campaign_key,
        month_start
    from costs
    union
    select
        platform,
        campaign_key,
        month_start
    from revenue

),

attribution_models as (

    {% for model_name in attribution_models -%}
        select '{{ model_name }}' as attribution_model
        {% if not loop.last %}union all
        {% endif -%}
    {%- endfor %}

),

months as (

    select distinct month_start from campaign_months

),

margins_ranked as (

    select
        months.month_start,
        margins.gross_margin,
        row_number() over (
            partition by months.month_start
            order by margins.valid_from desc
        ) as recency_rank

    from months

    inner join margins
        on months.month_start >= margins.valid_from
        and margins.product_line = 'default'

),

month_margins as (

    select
        month_start,
        gross_margin

    from margins_ranked

    where recency_rank = 1

),

combined as (

    select
        campaign_months.platform,
        campaign_months.campaign_key,
        campaign_months.month_start,
        attribution_models.attribution_model,
        incrementality_scenarios.scenario,
        -- no cost row for the month: nothing was spent on the campaign that month
        case
            when costs.platform is null or costs.platform = 'creator' then 0
            else costs.ad_spend_reporting
        end as ad_spend_reporting,
        case
            when costs.platform is null or costs.platform <> 'creator' then 0
            else costs.creator_cost_reporting
        end as creator_cost_reporting,
        costs.impressions,
        costs.clicks,
        costs.platform_engagements,
        costs.follows,
        -- a campaign no order can name (no mapped UTM, no code) earned an unknown amount, not 0
        coalesce(revenue_tracking.revenue_tracking, 'none') as revenue_tracking,
        case
            when revenue_tracking.revenue_tracking is not null then coalesce(revenue.attributed_conversions, 0)
        end as attributed_conversions,
        case
            when revenue_tracking.revenue_tracking is not null then coalesce(revenue.credited_orders, 0)
        end as credited_orders,
        case
            when revenue_tracking.revenue_tracking is null then null
            when revenue.platform is null then 0
            else revenue.attributed_revenue_reporting
        end as attributed_revenue_reporting,
        incrementality_scenarios.incrementality_factor,
        month_margins.gross_margin

    from campaign_months

    cross join attribution_models

    cross join incrementality_scenarios

    left join costs
        on campaign_months.platform = costs.platform
        and campaign_months.campaign_key = costs.campaign_key
        and campaign_months.month_start = costs.month_start

    left join revenue
        on campaign_months.platform = revenue.platform
        and campaign_months.campaign_key = revenue.campaign_key
        and campaign_months.month_start = revenue.month_start
        and attribution_models.attribution_model = revenue.attribution_model

    left join month_margins
        on campaign_months.month_start = month_margins.month_start

    left join revenue_tracking
        on campaign_months.platform = revenue_tracking.platform
        and campaign_months.campaign_key = revenue_tracking.campaign_key

),

with_totals as (

    select
        *,
        ad_spend_reporting + creator_cost_reporting as total_cost_reporting,
        attributed_revenue_reporting * incrementality_factor as incremental_revenue_reporting

    from combined

),

final as (

    select
        platform,
        campaign_key,
        month_start,
        attribution_model,
        scenario,
        '{{ var("reporting_currency") }}' as reporting_currency,
        cast(ad_spend_reporting as decimal(18, 4)) as ad_spend_reporting,
        cast(creator_cost_reporting as decimal(18, 4)) as creator_cost_reporting,
        cast(total_cost_reporting as decimal(18, 4)) as total_cost_reporting,
        impressions,
        clicks,
        platform_engagements,
        follows,
        revenue_tracking,
        cast(attributed_conversions as {{ type_double() }}) as attributed_conversions,
        credited_orders,
        cast(attributed_revenue_reporting as decimal(18, 4)) as attributed_revenue_reporting,
        cast(incrementality_factor as {{ type_double() }}) as incrementality_factor,
        cast(incremental_revenue_reporting as decimal(18, 4)) as incremental_revenue_reporting,
        cast(gross_margin as {{ type_double() }}) as gross_margin,
        cast(incremental_revenue_reporting * gross_margin as decimal(18, 4)) as incremental_gross_profit_reporting,
        cast(attributed_revenue_reporting / nullif(total_cost_reporting, 0) as {{ type_double() }})
            as roas_attributed,
        cast(incremental_revenue_reporting / nullif(total_cost_reporting, 0) as {{ type_double() }})
            as roas,
        cast(
            (incremental_revenue_reporting * gross_margin - total_cost_reporting) / nullif(total_cost_reporting, 0)
            as {{ type_double() }}
        ) as roi_on_margin,
        cast(1.0 / nullif(gross_margin, 0) as {{ type_double() }}) as breakeven_roas,
        cast(total_cost_reporting * 1000.0 / nullif(impressions, 0) as {{ type_double() }}) as cpm,
        cast(total_cost_reporting / nullif(clicks, 0) as {{ type_double() }}) as cpc,
        cast(total_cost_reporting / nullif(platform_engagements, 0) as {{ type_double() }})
            as cost_per_engagement,
        cast(total_cost_reporting / nullif(follows, 0) as {{ type_double() }}) as cost_per_follower_gained,
        cast(total_cost_reporting / nullif(attributed_conversions, 0) as {{ type_double() }})
            as cost_per_attributed_conversion,
        {{ network_columns('platform', "case when platform = 'creator' then 'creator' else 'paid' end") }}

    from with_totals

)

select * from final
