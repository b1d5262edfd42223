{#-
    Attributed conversions and revenue per campaign, conversion month and attribution model, in
    var('reporting_currency'). Grain: one row per (platform, campaign_key, month_start,
    attribution_model). Revenue is bucketed by the conversion's month (the touch may be earlier: see
    roi-methods.md B.8 item 10). Touches without a campaign (email, organic, unmapped UTMs) keep their
    credit in int_attribution_weights but have no row here. Refunds subtract their revenue; only orders
    count as conversions.
-#}

with

weights as (

    select * from {{ ref('int_attribution_weights') }}

),

touches as (

    select * from {{ ref('int_touches_joined_to_conversions') }}

),

conversions as (

    select * from {{ ref('int_attribution_conversions') }}

),

credited as (

    select
        touches.platform,
        touches.campaign_key,
        conversions.month_start,
        weights.attribution_model,
        conversions.order_id,
        conversions.is_refund,
        weights.weight,
        weights.weight * conversions.revenue_reporting as revenue_reporting_credit

    from weights

    inner join touches
        on weights.order_id = touches.order_id
        and weights.touch_id = touches.touch_id

    inner join conversions
        on weights.order_id = conversions.order_id

    where touches.campaign_key is not null

),

final as (

    select
        platform,
        campaign_key,
        month_start,
        attribution_model,
        cast(sum(case when not is_refund then weight else 0 end) as {{ type_double() }})
            as attributed_conversions,
        count(distinct case when not is_refund and weight > 0 then order_id end) as credited_orders,
        -- NULL when any conversion's revenue could not be converted: never a partial total
        case
            when count(revenue_reporting_credit) = count(*)
                then cast(sum(revenue_reporting_credit) as {{ dbt.type_numeric() }})
        end as attributed_revenue_reporting

    from credited

    group by 1, 2, 3, 4

)

select * from final
