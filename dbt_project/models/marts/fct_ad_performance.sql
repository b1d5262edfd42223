with

campaign_periods as (

    select * from {{ ref('stg_meta_ads__campaigns') }}

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
        spend,
        impressions,
        link_clicks as clicks,
        reach,
        as_of

    from campaign_periods

)

select * from final
