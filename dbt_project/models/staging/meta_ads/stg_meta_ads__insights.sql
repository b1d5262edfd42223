with

source as (

    select * from {{ source('meta_ads', 'insights') }}

),

renamed as (

    select

        ---------- ids (raw keeps '' for levels above the request's level: key columns; NULL here)
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(nullif(campaign_id, '') as {{ dbt.type_string() }}) as campaign_id,
        cast(nullif(adset_id, '') as {{ dbt.type_string() }}) as adset_id,
        cast(nullif(ad_id, '') as {{ dbt.type_string() }}) as ad_id,
        'meta' as platform,

        ---------- strings
        campaign_name,
        adset_name,
        ad_name,
        objective,
        currency,

        ---------- numerics: delivery (reach is unique people over this range only)
        impressions,
        reach,
        frequency,
        clicks,
        unique_clicks,
        inline_link_clicks,
        ctr as ctr_percent,
        unique_ctr as unique_ctr_percent,

        ---------- numerics: actions claimed by Meta
        link_clicks,
        landing_page_views,
        purchases,
        purchase_roas,

        ---------- numerics: money, in currency
        spend,
        cpc,
        cpm,
        cpp,
        purchase_value,

        ---------- json text: the full action lists as received
        actions_json,
        action_values_json,
        purchase_roas_json,

        ---------- dates (both ends inclusive, ad account time zone)
        date_start as period_start,
        date_stop as period_end,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
