{#-
    Each platform's share of the month's spend, attributed revenue and organic engagements.
    Grain: one row per (platform, month_start). Shares are ratios of sums: the platform's value / the sum
    over every platform of the month, NULL when that sum is NULL or 0.

    Revenue is known only for spend some order can name (int_campaign_revenue_tracking): a platform-month
    whose campaigns have no mapped UTM and no code has unknown revenue (NULL, not 0), takes no part in the
    month's revenue total, and says so in share_of_spend_tracked.
-#}
{%- set attribution_model = var('mix_attribution_model', 'linear') -%}
{%- set scenario = var('mix_scenario', 'base') -%}

with

costs as (

    select * from {{ ref('int_campaign_costs_monthly') }}

),

attributed_revenue as (

    select * from {{ ref('int_attributed_revenue_monthly') }}

),

posts as (

    select * from {{ ref('fct_post_performance') }}

),

incrementality_scenarios as (

    select * from {{ ref('incrementality_scenarios') }}

),

revenue_tracking as (

    select * from {{ ref('int_campaign_revenue_tracking') }}

),

campaign_costs as (

    select
        costs.platform,
        costs.month_start,
        case
            when costs.platform = 'creator' then costs.creator_cost_reporting else costs.ad_spend_reporting
        end as cost_reporting,
        revenue_tracking.revenue_tracking is not null as is_tracked

    from costs

    left join revenue_tracking
        on costs.platform = revenue_tracking.platform
        and costs.campaign_key = revenue_tracking.campaign_key

),

platform_spend as (

    select
        platform,
        month_start,
        -- NULL when any campaign's cost could not be converted (no FX rate): never a partial total
        case when count(cost_reporting) = count(*) then sum(cost_reporting) end as spend_reporting,
        case
            when count(cost_reporting) = count(*) then sum(case when is_tracked then cost_reporting else 0 end)
        end as tracked_spend_reporting,
        max(case when is_tracked then 1 else 0 end) = 1 as has_tracking

    from campaign_costs

    group by 1, 2

),

platform_revenue as (

    select
        platform,
        month_start,
        case
            when count(attributed_revenue_reporting) = count(*) then sum(attributed_revenue_reporting)
        end as attributed_revenue_reporting

    from attributed_revenue

    where attribution_model = '{{ attribution_model }}'

    group by 1, 2

),

platform_engagements as (

    select
        platform,
        cast({{ dbt.date_trunc('month', 'published_date') }} as date) as month_start,
        count(*) as posts_published,
        -- posts whose platform reports no engagements add nothing; NULL when no post of the month reports them
        sum(engagements) as engagements

    from posts

    where published_date is not null

    group by 1, 2

),

platform_months as (

    select
        platform,
        month_start
    from platform_spend
    union
    select
        platform,
        month_start
    from platform_revenue
    union
    select
        platform,
        month_start
    from platform_engagements

),

combined as (

    select
        platform_months.platform,
        platform_months.month_start,
        -- a spend or revenue platform of the month (ads or creators) without a row spent or earned 0;
        -- a platform-month in neither source (organic only: Meta ads are platform meta) has NULL
        case
            when platform_spend.platform is not null then platform_spend.spend_reporting
            when platform_revenue.platform is not null then 0
        end as spend_reporting,
        case
            when platform_spend.platform is not null then platform_spend.tracked_spend_reporting
            when platform_revenue.platform is not null then 0
        end as tracked_spend_reporting,
        -- spend no order can name earned an unknown amount: NULL, not 0
        case
            when platform_revenue.platform is not null then platform_revenue.attributed_revenue_reporting
            when platform_spend.has_tracking then 0
        end as attributed_revenue_reporting,
        platform_revenue.platform is not null or coalesce(platform_spend.has_tracking, false) as has_tracking,
        platform_engagements.posts_published,
        platform_engagements.engagements

    from platform_months

    left join platform_spend
        on platform_months.platform = platform_spend.platform
        and platform_months.month_start = platform_spend.month_start

    left join platform_revenue
        on platform_months.platform = platform_revenue.platform
        and platform_months.month_start = platform_revenue.month_start

    left join platform_engagements
        on platform_months.platform = platform_engagements.platform
        and platform_months.month_start = platform_engagements.month_start

),

flagged as (

    select
        *,
        spend_reporting is not null or attributed_revenue_reporting is not null as platform_is_paid

    from combined

),

month_totals as (

    select
        month_start,
        -- a platform whose money could not be converted makes the month's total unknown
        case
            when count(spend_reporting) = count(case when platform_is_paid then 1 end) then sum(spend_reporting)
        end as total_spend_reporting,
        -- over the platforms whose revenue can be known at all (a failed conversion still makes it NULL)
        case
            when count(attributed_revenue_reporting) = count(case when platform_is_paid and has_tracking then 1 end)
                then sum(attributed_revenue_reporting)
        end as total_attributed_revenue_reporting,
        sum(engagements) as total_engagements

    from flagged

    group by 1

),

scenario_factor as (

    select incrementality_factor

    from incrementality_scenarios

    where scenario = '{{ scenario }}'

),

final as (

    select
        combined.platform,
        combined.month_start,
        '{{ var("reporting_currency") }}' as reporting_currency,
        '{{ attribution_model }}' as attribution_model,
        '{{ scenario }}' as scenario,
        cast(combined.spend_reporting as decimal(18, 4)) as spend_reporting,
        cast(month_totals.total_spend_reporting as decimal(18, 4)) as total_spend_reporting,
        cast(combined.spend_reporting / nullif(month_totals.total_spend_reporting, 0) as {{ type_double() }})
            as share_of_spend,
        cast(combined.tracked_spend_reporting as decimal(18, 4)) as tracked_spend_reporting,
        cast(combined.tracked_spend_reporting / nullif(combined.spend_reporting, 0) as {{ type_double() }})
            as share_of_spend_tracked,
        cast(combined.attributed_revenue_reporting as decimal(18, 4)) as attributed_revenue_reporting,
        cast(month_totals.total_attributed_revenue_reporting as decimal(18, 4)) as total_attributed_revenue_reporting,
        cast(
            combined.attributed_revenue_reporting / nullif(month_totals.total_attributed_revenue_reporting, 0)
            as {{ type_double() }}
        ) as share_of_attributed_revenue,
        cast(scenario_factor.incrementality_factor as {{ type_double() }}) as incrementality_factor,
        cast(combined.attributed_revenue_reporting * scenario_factor.incrementality_factor as decimal(18, 4))
            as incremental_revenue_reporting,
        cast(combined.posts_published as {{ dbt.type_bigint() }}) as posts_published,
        cast(combined.engagements as {{ dbt.type_bigint() }}) as engagements,
        cast(month_totals.total_engagements as {{ dbt.type_bigint() }}) as total_engagements,
        cast(combined.engagements as {{ type_double() }}) / nullif(month_totals.total_engagements, 0)
            as share_of_engagements,
        {{ network_columns('combined.platform', platform_channel_type('combined.platform')) }}

    from combined

    inner join month_totals
        on combined.month_start = month_totals.month_start

    cross join scenario_factor

)

select * from final
