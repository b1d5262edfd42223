with

source as (

    select * from {{ source('meta_business_suite', 'facebook_mbs_posts') }}

),

renamed as (

    select

        ---------- ids
        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'facebook' as platform,

        ---------- strings
        account_name,
        title as caption,
        description,
        nullif(caption_type, 'N/A') as caption_type,
        permalink as post_url,
        post_type,
        lower(trim(post_type)) as post_format,
        languages,
        custom_labels,
        funded_content_status,
        data_comment,
        currency,

        ---------- booleans
        is_crosspost,
        is_share,

        ---------- numerics: reach and views (lifetime at export time)
        views,
        impressions,
        reach,
        ad_impressions,

        ---------- numerics: interactions
        reactions_comments_and_shares,
        reactions,
        comments,
        shares,
        total_clicks,
        link_clicks,
        other_clicks,
        matched_audience_targeting_consumption_photo_click as photo_clicks,
        negative_feedback_hide_all,

        ---------- numerics: video
        duration_sec as duration_seconds,
        seconds_viewed,
        average_seconds_viewed,
        three_second_video_views,
        one_minute_video_views,
        reels_plays_count,

        ---------- numerics: money, in currency
        estimated_earnings,
        ad_cpm,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps
        -- Page-local: Business Suite writes no time zone, and the Page's zone is not in the export
        cast(publish_time as {{ dbt.type_timestamp() }}) as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
