with

source as (

    select * from {{ source('youtube', 'studio_content') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(video_id as {{ dbt.type_string() }}) as video_id,
        'youtube' as platform,

        ---------- strings
        video_title,
        estimated_revenue_currency,

        ---------- numerics: reach and views
        impressions,
        impressions_ctr_percent,
        views,
        engaged_views,
        unique_viewers,
        new_viewers,
        returning_viewers,
        casual_viewers,
        average_views_per_viewer,

        ---------- numerics: watching
        duration_seconds,
        watch_time_hours,
        average_view_duration_seconds,
        average_percentage_viewed,
        stayed_to_watch_percent,

        ---------- numerics: interactions (NULL when the export omitted the column)
        likes,
        dislikes,
        comments,
        shares,
        subscribers as net_subscribers,

        ---------- numerics: money, in estimated_revenue_currency
        estimated_revenue,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps
        -- channel-local: Studio writes no time zone, and the channel's zone is not in the export
        cast(video_publish_time as {{ dbt.type_timestamp() }}) as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
