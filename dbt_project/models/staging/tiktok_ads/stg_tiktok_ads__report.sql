with

source as (

    select * from {{ source('tiktok_ads', 'report') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(advertiser_id as {{ dbt.type_string() }}) as advertiser_id,
        cast(level_id as {{ dbt.type_string() }}) as level_id,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(adgroup_id as {{ dbt.type_string() }}) as ad_group_id,
        cast(ad_id as {{ dbt.type_string() }}) as ad_id,
        'tiktok' as platform,

        ---------- strings
        data_level,
        campaign_name,
        adgroup_name as ad_group_name,
        ad_name,
        ad_text,
        placement_type,
        promotion_type,
        currency,

        ---------- numerics: delivery (reach is unique people that day only)
        impressions,
        reach,
        frequency,
        clicks,
        ctr as ctr_percent,
        video_play_actions,
        video_watched_2s,
        video_watched_6s,
        video_views_p25,
        video_views_p50,
        video_views_p75,
        video_views_p100,
        average_video_play as average_play_seconds_per_video_view,
        average_video_play_per_user as average_play_seconds_per_user,
        likes,
        comments,
        shares,
        follows,
        profile_visits,
        conversion as conversions,
        result as results,
        secondary_goal_result as secondary_goal_results,

        ---------- numerics: money, in currency
        spend,
        cpc,
        cpm,
        cost_per_conversion,
        cost_per_result,

        ---------- dates
        stat_time_day as report_date,
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
