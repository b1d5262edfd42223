{#-
    Each creator deal row with its cost, and that cost in var('reporting_currency'): the one place the
    cost of a creator deal is computed (fct_creator_performance and int_campaign_costs_monthly read it).
    Grain: one row per (campaign_id, platform, creator_handle), as stg_brand__creator_campaigns.

    deal_cost = fee + product cost + agency fee (a part not recorded counts as 0; no fee: NULL), in the
    deal's currency. It converts at the rate of the deal's start date (int_fx_rates_daily: the day's rate,
    else the latest within 7 days); no rate leaves the converted amounts NULL. Each converted amount is
    rounded to 4 decimals per row, before any sum.
-#}

with

creator_deals as (

    select * from {{ ref('stg_brand__creator_campaigns') }}

),

fx_rates_daily as (

    select * from {{ ref('int_fx_rates_daily') }}

),

deals_costed as (

    select
        creator_deals.campaign_id,
        creator_deals.creator_handle,
        creator_deals.account_id,
        creator_deals.platform,
        creator_deals.promo_code,
        creator_deals.currency,
        creator_deals.followers_at_signing,
        creator_deals.creator_fee,
        creator_deals.product_cost,
        creator_deals.agency_fee,
        creator_deals.creator_fee
        + coalesce(creator_deals.product_cost, 0)
        + coalesce(creator_deals.agency_fee, 0) as deal_cost,
        creator_deals.starts_on,
        creator_deals.ends_on,
        case
            when creator_deals.currency = '{{ var("reporting_currency") }}' then 1.0
            else fx_rates_daily.rate_to_reporting
        end as fx_rate

    from creator_deals

    left join fx_rates_daily
        on creator_deals.currency = fx_rates_daily.currency
        and creator_deals.starts_on = fx_rates_daily.date_day

),

final as (

    select
        campaign_id,
        creator_handle,
        account_id,
        platform,
        promo_code,
        currency,
        followers_at_signing,
        creator_fee,
        product_cost,
        agency_fee,
        deal_cost,
        starts_on,
        ends_on,
        fx_rate,
        round(creator_fee * fx_rate, 4) as creator_fee_reporting,
        round(deal_cost * fx_rate, 4) as deal_cost_reporting

    from deals_costed

)

select * from final
