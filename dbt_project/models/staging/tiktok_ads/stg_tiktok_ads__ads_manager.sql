with

source as (

    select * from {{ source('tiktok_ads', 'ads_manager') }}

),

renamed as (

    select

        ---------- ids (the export has none: campaigns, ad groups and ads are known by name)
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'tiktok' as platform,

        ---------- strings
        campaign_name,
        ad_group_name,
        ad_name,
        website_url_ad_level as website_url,
        currency,

        ---------- numerics: delivery (reach is unique people that day only)
        impressions,
        reach,
        frequency,
        clicks_destination as destination_clicks,
        clicks_all,
        ctr_destination_percent,
        video_views,
        video_views_2_second,
        video_views_6_second,
        video_views_at_25_percent,
        video_views_at_50_percent,
        video_views_at_75_percent,
        video_views_at_100_percent,
        average_play_time_per_video_view as average_play_seconds_per_video_view,
        average_play_time_per_user as average_play_seconds_per_user,
        paid_likes,
        conversions,

        ---------- numerics: money, in currency
        cost as spend,
        cpc_destination,
        cpm,
        cost_per_1000_people_reached,
        campaign_budget,

        ---------- dates
        {{ adapter.quote('date') }} as report_date,
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
