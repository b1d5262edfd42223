{{ stg_graph_insights(
    source('instagram', 'media_insights'), 'instagram', ids=['media_id', 'account_id'],
    millisecond_metrics=['ig_reels_avg_watch_time', 'ig_reels_video_view_total_time']
) }}
