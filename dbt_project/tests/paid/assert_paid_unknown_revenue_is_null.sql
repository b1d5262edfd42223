{#-
    Unknown is NULL (DESIGN.md's metric rules): a campaign no order can name (revenue_tracking `none`) has
    no revenue, ROAS, ROI or conversion figure at all, never a 0; a tracked campaign always has them (0 in
    a month without orders). Rows returned break the rule.
-#}

with

campaign_roi as (

    select * from {{ ref('fct_campaign_roi') }}

)

select
    platform,
    campaign_key,
    month_start,
    attribution_model,
    scenario,
    revenue_tracking

from campaign_roi

where
    (
        revenue_tracking = 'none'
        and (
            attributed_revenue_reporting is not null
            or incremental_revenue_reporting is not null
            or incremental_gross_profit_reporting is not null
            or roas_attributed is not null
            or roas is not null
            or roi_on_margin is not null
            or attributed_conversions is not null
            or credited_orders is not null
        )
    )
    or (revenue_tracking <> 'none' and attributed_revenue_reporting is null)
