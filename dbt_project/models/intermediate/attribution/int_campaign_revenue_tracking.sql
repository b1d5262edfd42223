{#-
    How revenue can reach each campaign at all: through the order's UTMs, a promo code, both, or nothing.
    Grain: one row per (platform, campaign_key) that has any way in; a campaign absent here is `none`.

    - `utm`: an ad campaign the utm_campaign_map seed maps a paid UTM to (its platform and campaign name),
      or a creator deal with a utm_campaign (its creator's links carry it, with the handle as utm_content).
    - `code`: a creator deal with a promo code.
    - `utm_and_code`: a creator deal with both.
    A campaign with no way in has unknown revenue, not zero: fct_campaign_roi leaves its revenue, ROAS and
    ROI NULL. Mapping its UTMs in utm_campaign_map is what makes them known.
-#}

with

utm_campaign_map as (

    select * from {{ ref('utm_campaign_map') }}

),

creator_campaigns as (

    select * from {{ ref('stg_brand__creator_campaigns') }}

),

mapped_ad_campaigns as (

    select distinct
        platform,
        campaign_name as campaign_key,
        1 as has_utm,
        0 as has_code

    from utm_campaign_map

    where platform is not null
        and campaign_name is not null

),

creator_deals as (

    select
        'creator' as platform,
        {{ dbt.concat(['campaign_id', "'/'", 'creator_handle']) }} as campaign_key,
        max(case when utm_campaign is not null then 1 else 0 end) as has_utm,
        max(case when promo_code is not null then 1 else 0 end) as has_code

    from creator_campaigns

    group by 1, 2

),

ways_in as (

    select * from mapped_ad_campaigns
    union all
    select * from creator_deals

),

final as (

    select
        platform,
        campaign_key,
        case
            when max(has_utm) = 1 and max(has_code) = 1 then 'utm_and_code'
            when max(has_utm) = 1 then 'utm'
            when max(has_code) = 1 then 'code'
            else 'none'
        end as revenue_tracking

    from ways_in

    group by 1, 2

)

select * from final
