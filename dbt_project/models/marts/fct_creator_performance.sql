{#-
    Each creator deal's audience, the engagement its posts earned, its cost and the revenue attributed to
    it: do small, engaged audiences beat big ones? Grain: one row per (creator_handle, campaign_id), the
    deal as attribution sees it (one promo code across the creator's platforms; fct_campaign_roi's
    campaign_key `<campaign_id>/<creator_handle>`). One attribution model and one incrementality scenario,
    named in the row: var('mix_attribution_model', 'linear') and var('mix_scenario', 'base').
-#}
{%- set attribution_model = var('mix_attribution_model', 'linear') -%}
{%- set scenario = var('mix_scenario', 'base') -%}

with

creator_deals as (

    select * from {{ ref('int_creator_deals_converted') }}

),

deal_post_urls as (

    select * from {{ ref('int_creator_post_urls_unnested') }}

),

posts as (

    select * from {{ ref('fct_post_performance') }}

),

attributed_revenue as (

    select * from {{ ref('int_attributed_revenue_monthly') }}

),

follower_tiers as (

    select * from {{ ref('follower_tiers') }}

),

incrementality_scenarios as (

    select * from {{ ref('incrementality_scenarios') }}

),

deals as (

    select
        creator_handle,
        campaign_id,
        max(account_id) as account_id,
        {{ dbt.listagg('platform', "', '", 'order by platform') }} as platforms,
        count(*) as platform_count,
        max(promo_code) as promo_code,
        min(starts_on) as starts_on,
        case when count(ends_on) = count(*) then max(ends_on) end as ends_on,
        case when count(followers_at_signing) = count(*) then sum(followers_at_signing) end as followers_at_signing,
        max(followers_at_signing) as max_platform_followers_at_signing,
        case when count(distinct currency) = 1 then max(currency) end as currency,
        case
            when count(distinct currency) = 1 and count(creator_fee) = count(*) then sum(creator_fee)
        end as creator_fee,
        -- NULL when any row could not be converted (no FX rate): never a partial total
        case
            when count(creator_fee_reporting) = count(*) then sum(creator_fee_reporting)
        end as creator_fee_reporting,
        case
            when count(deal_cost_reporting) = count(*) then sum(deal_cost_reporting)
        end as deal_cost_reporting

    from creator_deals

    group by 1, 2

),

normalized_posts as (

    select
        post_id,
        engagements,
        impressions,
        reach,
        {{ normalize_url('permalink') }} as permalink_normalized

    from posts

    where permalink is not null

),

deal_posts as (

    select
        deal_post_urls.campaign_id,
        deal_post_urls.creator_handle,
        count(distinct deal_post_urls.post_url_normalized) as posts_listed,
        count(distinct case when normalized_posts.post_id is not null then deal_post_urls.post_url_normalized end)
            as posts_matched,
        count(normalized_posts.post_id) as matched_post_rows,
        count(normalized_posts.engagements) as posts_with_engagements,
        count(normalized_posts.impressions) as posts_with_impressions,
        sum(normalized_posts.engagements) as engagements_sum,
        sum(normalized_posts.impressions) as impressions_sum,
        max(normalized_posts.reach) as reach_largest_post

    from deal_post_urls

    left join normalized_posts
        on deal_post_urls.post_url_normalized = normalized_posts.permalink_normalized

    group by 1, 2

),

deal_revenue as (

    select
        campaign_key,
        sum(attributed_conversions) as attributed_conversions,
        sum(credited_orders) as credited_orders,
        case
            when count(attributed_revenue_reporting) = count(*) then sum(attributed_revenue_reporting)
        end as attributed_revenue_reporting

    from attributed_revenue

    where platform = 'creator'
        and attribution_model = '{{ attribution_model }}'

    group by 1

),

scenario_factor as (

    select incrementality_factor

    from incrementality_scenarios

    where scenario = '{{ scenario }}'

),

combined as (

    select
        deals.*,
        {{ dbt.concat(['deals.campaign_id', "'/'", 'deals.creator_handle']) }} as campaign_key,
        coalesce(deal_posts.posts_listed, 0) as posts_listed,
        coalesce(deal_posts.posts_matched, 0) as posts_matched,
        -- every matched post must report the metric, else NULL (never a partial total); no post matched: NULL
        case
            when deal_posts.matched_post_rows > 0
                and deal_posts.posts_with_engagements = deal_posts.matched_post_rows
                then deal_posts.engagements_sum
        end as engagements,
        case
            when deal_posts.matched_post_rows > 0
                and deal_posts.posts_with_impressions = deal_posts.matched_post_rows
                then deal_posts.impressions_sum
        end as impressions,
        deal_posts.reach_largest_post,
        coalesce(deal_revenue.attributed_conversions, 0) as attributed_conversions,
        coalesce(deal_revenue.credited_orders, 0) as credited_orders,
        -- no revenue row: the deal sold nothing under the model
        case
            when deal_revenue.campaign_key is null then 0
            else deal_revenue.attributed_revenue_reporting
        end as attributed_revenue_reporting,
        scenario_factor.incrementality_factor

    from deals

    left join deal_posts
        on deals.campaign_id = deal_posts.campaign_id
        and deals.creator_handle = deal_posts.creator_handle

    left join deal_revenue
        on {{ dbt.concat(['deals.campaign_id', "'/'", 'deals.creator_handle']) }} = deal_revenue.campaign_key

    cross join scenario_factor

),

final as (

    select
        combined.creator_handle,
        combined.campaign_id,
        combined.campaign_key,
        combined.account_id,
        combined.platforms,
        cast(combined.platform_count as {{ dbt.type_bigint() }}) as platform_count,
        combined.promo_code,
        combined.starts_on,
        combined.ends_on,
        cast(combined.followers_at_signing as {{ dbt.type_bigint() }}) as followers_at_signing,
        cast(combined.max_platform_followers_at_signing as {{ dbt.type_bigint() }})
            as max_platform_followers_at_signing,
        follower_tiers.follower_tier,
        cast(combined.posts_listed as {{ dbt.type_bigint() }}) as posts_listed,
        cast(combined.posts_matched as {{ dbt.type_bigint() }}) as posts_matched,
        cast(combined.posts_listed - combined.posts_matched as {{ dbt.type_bigint() }}) as posts_unmatched,
        cast(combined.engagements as {{ dbt.type_bigint() }}) as engagements,
        cast(combined.impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(combined.reach_largest_post as {{ dbt.type_bigint() }}) as reach_largest_post,
        cast(combined.engagements as {{ type_double() }})
        / nullif(combined.followers_at_signing, 0) as engagement_rate_by_followers,
        combined.currency,
        cast(combined.creator_fee as decimal(18, 4)) as creator_fee,
        '{{ var("reporting_currency") }}' as reporting_currency,
        cast(combined.creator_fee_reporting as decimal(18, 4)) as creator_fee_reporting,
        cast(combined.deal_cost_reporting as decimal(18, 4)) as deal_cost_reporting,
        cast(combined.deal_cost_reporting / nullif(combined.engagements, 0) as {{ type_double() }})
            as cost_per_engagement,
        '{{ attribution_model }}' as attribution_model,
        '{{ scenario }}' as scenario,
        cast(combined.attributed_conversions as {{ type_double() }}) as attributed_conversions,
        cast(combined.credited_orders as {{ dbt.type_bigint() }}) as credited_orders,
        cast(combined.attributed_revenue_reporting as decimal(18, 4)) as attributed_revenue_reporting,
        cast(combined.incrementality_factor as {{ type_double() }}) as incrementality_factor,
        cast(combined.attributed_revenue_reporting * combined.incrementality_factor as decimal(18, 4))
            as incremental_revenue_reporting,
        cast(combined.attributed_revenue_reporting / nullif(combined.deal_cost_reporting, 0) as {{ type_double() }})
            as attributed_roas,
        cast(
            combined.attributed_revenue_reporting * combined.incrementality_factor
            / nullif(combined.deal_cost_reporting, 0) as {{ type_double() }}
        ) as incremental_roas,
        {{ network_columns("(case when combined.platform_count = 1 then combined.platforms end)", "'creator'") }}

    from combined

    left join follower_tiers
        on combined.max_platform_followers_at_signing >= follower_tiers.min_followers
        and (
            follower_tiers.max_followers is null
            or combined.max_platform_followers_at_signing < follower_tiers.max_followers
        )

)

select * from final
