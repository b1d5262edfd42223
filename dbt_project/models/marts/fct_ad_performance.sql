with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

final as (

    select
        platform,
        account_id,
        campaign_id,
        campaign_name,
        period_start,
        period_end,
        currency,
        cast(spend as decimal(18, 4)) as spend,
        impressions,
        clicks,
        reach,
        as_of,
        source,
        grain,
        reporting_currency,
        fx_rate,
        cast(spend_reporting as decimal(18, 4)) as spend_reporting,
        platform_engagements,
        follows,
        platform_conversion_type,
        platform_conversions,
        cast(platform_conversion_value as decimal(18, 4)) as platform_conversion_value

    from ad_spend

)

select * from final
