with

source as (

    select * from {{ source('x', 'daily_activity') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'x' as platform,

        ---------- dates
        date as activity_date,

        ---------- organic counts of the day
        tweets_published,
        impressions,
        engagements,
        engagement_rate,
        retweets,
        replies,
        likes,
        user_profile_clicks,
        url_clicks,
        hashtag_clicks,
        detail_expands,
        permalink_clicks,
        app_opens,
        app_installs,
        follows,
        email_tweet,
        dial_phone,
        media_views,
        media_engagements,

        ---------- promoted (paid) counts of the day, NULL on days without paid activity
        promoted_impressions,
        promoted_engagements,
        promoted_engagement_rate,
        promoted_retweets,
        promoted_replies,
        promoted_likes,
        promoted_user_profile_clicks,
        promoted_url_clicks,
        promoted_hashtag_clicks,
        promoted_detail_expands,
        promoted_permalink_clicks,
        promoted_app_opens,
        promoted_app_installs,
        promoted_follows,
        promoted_email_tweet,
        promoted_dial_phone,
        promoted_media_views,
        promoted_media_engagements,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
