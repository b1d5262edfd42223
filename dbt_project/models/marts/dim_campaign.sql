with

ad_spend as (

    select * from {{ ref('int_ad_spend_unioned') }}

),

creator_deals as (

    select * from {{ ref('stg_brand__creator_campaigns') }}

),

utm_campaign_map as (

    select * from {{ ref('utm_campaign_map') }}

),

ad_campaign_names as (

    select
        platform,
        account_id,
        campaign_id,
        campaign_name,
        currency,
        row_number() over (
            partition by platform, account_id, campaign_id
            order by as_of desc, period_end desc, source asc
        ) as recency_rank

    from ad_spend

),

ad_campaign_periods as (

    select
        platform,
        account_id,
        campaign_id,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end

    from ad_spend

    group by 1, 2, 3

),

ad_campaigns as (

    select
        ad_campaign_periods.platform,
        ad_campaign_periods.account_id,
        ad_campaign_periods.campaign_id,
        coalesce(ad_campaign_names.campaign_name, ad_campaign_names.campaign_id) as campaign_key,
        ad_campaign_names.campaign_name,
        ad_campaign_names.currency,
        ad_campaign_periods.first_period_start,
        ad_campaign_periods.last_period_end,
        cast(null as {{ dbt.type_string() }}) as creator_handle,
        cast(null as {{ dbt.type_string() }}) as promo_code

    from ad_campaign_periods

    inner join ad_campaign_names
        on ad_campaign_periods.platform = ad_campaign_names.platform
        and ad_campaign_periods.account_id = ad_campaign_names.account_id
        and ad_campaign_periods.campaign_id = ad_campaign_names.campaign_id
        and ad_campaign_names.recency_rank = 1

),

creator_deal_rows as (

    select
        'creator' as platform,
        account_id,
        {{ dbt.concat(['campaign_id', "'/'", 'creator_handle']) }} as campaign_id,
        creator_handle,
        currency,
        promo_code,
        utm_campaign,
        starts_on,
        ends_on,
        row_number() over (
            partition by campaign_id, creator_handle
            order by as_of desc, platform asc
        ) as recency_rank

    from creator_deals

),

creator_campaigns as (

    select
        platform,
        max(account_id) as account_id,
        campaign_id,
        campaign_id as campaign_key,
        campaign_id as campaign_name,
        max(case when recency_rank = 1 then currency end) as currency,
        min(starts_on) as first_period_start,
        -- an ongoing deal (no end date) has no last day yet
        case when count(ends_on) = count(*) then max(ends_on) end as last_period_end,
        max(creator_handle) as creator_handle,
        max(case when recency_rank = 1 then promo_code end) as promo_code,
        max(case when recency_rank = 1 then utm_campaign end) as utm_campaign

    from creator_deal_rows

    group by 1, 3

),

mapped_utms as (

    select
        platform,
        campaign_name as campaign_key,
        {{ dbt.listagg(
            dbt.concat(['utm_source', "'/'", 'utm_medium', "'/'", 'utm_campaign']),
            "', '",
            'order by utm_source, utm_medium, utm_campaign'
        ) }} as mapped_utms

    from utm_campaign_map

    where platform is not null

    group by 1, 2

),

campaigns as (

    select
        platform,
        account_id,
        campaign_id,
        campaign_key,
        campaign_name,
        currency,
        first_period_start,
        last_period_end,
        creator_handle,
        promo_code,
        cast(null as {{ dbt.type_string() }}) as creator_utm_campaign

    from ad_campaigns

    union all

    select
        platform,
        account_id,
        campaign_id,
        campaign_key,
        campaign_name,
        currency,
        first_period_start,
        last_period_end,
        creator_handle,
        promo_code,
        utm_campaign as creator_utm_campaign

    from creator_campaigns

),

final as (

    select
        campaigns.platform,
        campaigns.account_id,
        campaigns.campaign_id,
        campaigns.campaign_key,
        campaigns.campaign_name,
        campaigns.currency,
        campaigns.first_period_start,
        campaigns.last_period_end,
        campaigns.creator_handle,
        campaigns.promo_code,
        case
            when campaigns.platform = 'creator'
                then {{ dbt.concat([
                    "'utm_campaign='", 'campaigns.creator_utm_campaign',
                    "', utm_content='", 'campaigns.creator_handle'
                ]) }}
            else mapped_utms.mapped_utms
        end as mapped_utms

    from campaigns

    left join mapped_utms
        on campaigns.platform = mapped_utms.platform
        and campaigns.campaign_key = mapped_utms.campaign_key

)

select * from final
