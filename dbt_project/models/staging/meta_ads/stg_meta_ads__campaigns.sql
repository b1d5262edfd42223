with

source as (

    select * from {{ source('meta_ads', 'campaigns') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        -- Meta is the platform; Ads Manager is only the tool that exported the report
        'meta' as platform,

        ---------- strings
        account_name,
        campaign_name,
        campaign_delivery,
        attribution_setting,
        result_indicator,
        currency,

        ---------- numerics: delivery (reach is unique people over this period only)
        impressions,
        reach,
        frequency,
        link_clicks,
        clicks_all,
        ctr_link_percent,
        ctr_all_percent,
        landing_page_views,
        results,
        post_engagement,
        post_reactions,
        post_comments,
        post_shares,

        ---------- numerics: money, in currency
        amount_spent as spend,
        cost_per_result,
        cpm,
        cpc_link,
        cpc_all,
        cost_per_landing_page_view,

        ---------- dates (reporting period, both ends inclusive)
        reporting_starts as period_start,
        reporting_ends as period_end,
        starts as campaign_start_date,
        ends as campaign_end_date,
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
