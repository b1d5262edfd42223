{#-
    Conversion x touch: every marketing touch that may share the credit for a conversion.
    Grain: one row per (order_id, touch_id).

    Touch model (roi-methods.md B.5, B.7 item 5): the shop's orders are the only journey data, so a
    touch is something an order carries:
    - `utm`: the order's UTMs. A creator's link (utm_campaign of a creator deal and utm_content = the
      creator's handle) touches that creator deal; otherwise the utm_campaign_map seed gives the
      channel and, for paid UTMs, the ad campaign; UTMs in neither are channel `unmapped`.
    - `promo_code`: a creator's promo code on the order (the direct promo-code match). Codes that
      belong to no creator (site-wide codes) are not touches.
    A conversion's touches are its own order's touches plus those of the same customer's earlier orders
    (customer_hash; guests have none) placed within var('attribution_lookback_days') before it. Within a
    path, touches are ordered by time, then the UTM (the click) before the code (typed at checkout).
    Orders without any touch (direct traffic) have no row: they stay unattributed.
-#}

with

conversions as (

    select * from {{ ref('int_attribution_conversions') }}

),

orders as (

    select * from {{ ref('stg_brand__orders') }}

),

creator_deals as (

    select * from {{ ref('stg_brand__creator_campaigns') }}

),

utm_campaign_map as (

    select * from {{ ref('utm_campaign_map') }}

),

creator_deal_keys as (

    select
        {{ dbt.concat(['campaign_id', "'/'", 'creator_handle']) }} as campaign_key,
        lower(creator_handle) as creator_handle_normalized,
        utm_campaign_normalized,
        promo_code_normalized,
        min(starts_on) as starts_on

    from creator_deals

    group by 1, 2, 3, 4

),

utm_orders as (

    select
        {{ dbt.concat(['order_id', "':utm'"]) }} as touch_id,
        order_id as touch_order_id,
        customer_hash,
        ordered_at as touched_at,
        'utm' as touch_type,
        1 as touch_type_order,
        utm_source_normalized,
        utm_medium_normalized,
        utm_campaign_normalized,
        lower(utm_content) as utm_content_normalized

    from orders

    where order_type = 'order'
        and coalesce(utm_source, utm_medium, utm_campaign) is not null

),

utm_creator_matches as (

    select
        utm_orders.touch_id,
        creator_deal_keys.campaign_key,
        row_number() over (
            partition by utm_orders.touch_id
            order by
                case when creator_deal_keys.starts_on <= cast(utm_orders.touched_at as date) then 0 else 1 end asc,
                creator_deal_keys.starts_on desc,
                creator_deal_keys.campaign_key asc
        ) as match_rank

    from utm_orders

    inner join creator_deal_keys
        on utm_orders.utm_campaign_normalized = creator_deal_keys.utm_campaign_normalized
        and utm_orders.utm_content_normalized = creator_deal_keys.creator_handle_normalized

),

utm_touches as (

    select
        utm_orders.touch_id,
        utm_orders.touch_order_id,
        utm_orders.customer_hash,
        utm_orders.touched_at,
        utm_orders.touch_type,
        utm_orders.touch_type_order,
        case
            when utm_creator_matches.campaign_key is not null then 'influencer'
            when utm_campaign_map.channel is not null then utm_campaign_map.channel
            else 'unmapped'
        end as channel,
        case
            when utm_creator_matches.campaign_key is not null then 'creator'
            else utm_campaign_map.platform
        end as platform,
        case
            when utm_creator_matches.campaign_key is not null then utm_creator_matches.campaign_key
            when utm_campaign_map.platform is not null then utm_campaign_map.campaign_name
        end as campaign_key

    from utm_orders

    left join utm_creator_matches
        on utm_orders.touch_id = utm_creator_matches.touch_id
        and utm_creator_matches.match_rank = 1

    left join utm_campaign_map
        on utm_orders.utm_source_normalized = lower(utm_campaign_map.utm_source)
        and utm_orders.utm_medium_normalized = lower(utm_campaign_map.utm_medium)
        and utm_orders.utm_campaign_normalized = lower(utm_campaign_map.utm_campaign)

),

code_matches as (

    select
        {{ dbt.concat(['orders.order_id', "':promo_code'"]) }} as touch_id,
        orders.order_id as touch_order_id,
        orders.customer_hash,
        orders.ordered_at as touched_at,
        creator_deal_keys.campaign_key,
        row_number() over (
            partition by orders.order_id
            order by
                case when creator_deal_keys.starts_on <= cast(orders.ordered_at as date) then 0 else 1 end asc,
                creator_deal_keys.starts_on desc,
                creator_deal_keys.campaign_key asc
        ) as match_rank

    from orders

    inner join creator_deal_keys
        on orders.discount_code_normalized = creator_deal_keys.promo_code_normalized

    where orders.order_type = 'order'

),

code_touches as (

    select
        touch_id,
        touch_order_id,
        customer_hash,
        touched_at,
        'promo_code' as touch_type,
        2 as touch_type_order,
        'influencer' as channel,
        'creator' as platform,
        campaign_key

    from code_matches

    where match_rank = 1

),

touches as (

    select * from utm_touches
    union all
    select * from code_touches

),

own_touches as (

    select
        conversions.order_id,
        touches.*

    from conversions

    inner join touches
        on conversions.order_id = touches.touch_order_id

),

earlier_touches as (

    select
        conversions.order_id,
        touches.*

    from conversions

    inner join touches
        on conversions.customer_hash = touches.customer_hash
        and conversions.ordered_at > touches.touched_at
        and touches.touched_at >= {{ dbt.dateadd('day', -var('attribution_lookback_days'), 'conversions.ordered_at') }}

),

paths as (

    select * from own_touches
    union all
    select * from earlier_touches

),

final as (

    select
        paths.order_id,
        paths.touch_id,
        paths.touch_order_id,
        paths.touch_type,
        paths.touch_type_order,
        paths.channel,
        paths.platform,
        paths.campaign_key,
        paths.touched_at,
        conversions.ordered_at as converted_at,
        {{ dbt.datediff(
            'paths.touched_at', 'conversions.ordered_at', 'second'
        ) }} / 86400.0
            as days_before_conversion

    from paths

    inner join conversions
        on paths.order_id = conversions.order_id

)

select * from final
