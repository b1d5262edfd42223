with

source as (

    select * from {{ source('youtube', 'channel_basic') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(channel_id as {{ dbt.type_string() }}) as channel_id,
        -- raw keeps '' for channel-level rows (a key column); NULL here: no video
        cast(nullif(video_id, '') as {{ dbt.type_string() }}) as video_id,
        'youtube' as platform,

        ---------- strings: the audience slice
        live_or_on_demand,
        subscribed_status,
        country_code,

        ---------- numerics: views and watching
        views,
        engaged_views,
        watch_time_minutes,
        average_view_duration_seconds,
        average_view_duration_percentage,
        red_views,
        red_watch_time_minutes,

        ---------- numerics: interactions
        likes,
        dislikes,
        comments,
        shares,
        subscribers_gained,
        subscribers_lost,
        videos_added_to_playlists,
        videos_removed_from_playlists,

        ---------- numerics: legacy annotations and cards
        annotation_impressions,
        annotation_clickable_impressions,
        annotation_clicks,
        annotation_click_through_rate,
        annotation_closable_impressions,
        annotation_closes,
        annotation_close_rate,
        card_teaser_impressions,
        card_teaser_clicks,
        card_teaser_click_rate,
        card_impressions,
        card_clicks,
        card_click_rate,

        ---------- dates
        date as report_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
