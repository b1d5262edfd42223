{#-
    One row per (platform, account_id, activity_date): the account-level daily figures of every export,
    in one shape. Each source CTE maps one export onto the common columns (NULL where it does not
    report a metric); where two exports of one platform report the same metric for the same account and
    day, the value of the source with the lower `source_precedence` is kept, metric by metric:
      x          1 account overview (Analytics)       2 daily tweet activity (legacy)
      instagram  1 Graph account insights             2 Business Suite daily metrics
      facebook   1 Graph page insights                2 Business Suite daily metrics
      linkedin   1 content metrics                    2 followers daily
      tiktok     1 Studio overview                    2 Studio follower history
      youtube    1 channel_basic (Reporting API)      2 Studio totals
    Reach is only a platform's own unique count for that one day (Graph `reach`/`page_total_media_view_unique`
    period day, LinkedIn organic unique impressions); it is never summed from other rows.
    Meta's daily values are already on their Pacific day (staging's metric_date applies the end_time rule).
-#}

{%- set metrics = ['followers', 'followers_gained', 'net_follower_change', 'reach', 'impressions', 'views',
                   'likes', 'comments', 'shares', 'saves', 'reposts', 'clicks', 'reactions', 'platform_total'] %}
{%- set bigint = dbt.type_bigint() %}

with

x_account_overview as (

    select * from {{ ref('stg_x__account_overview') }}

),

x_daily_activity as (

    select * from {{ ref('stg_x__daily_activity') }}

),

instagram_account_insights as (

    select * from {{ ref('stg_instagram__account_insights') }}

),

facebook_page_insights as (

    select * from {{ ref('stg_facebook__page_insights') }}

),

business_suite_daily_metrics as (

    select * from {{ ref('stg_meta_business_suite__daily_metrics') }}

),

linkedin_content_metrics as (

    select * from {{ ref('stg_linkedin__content_metrics') }}

),

linkedin_followers_daily as (

    select * from {{ ref('stg_linkedin__followers_daily') }}

),

tiktok_overview as (

    select * from {{ ref('stg_tiktok__studio_overview') }}

),

tiktok_follower_history as (

    select * from {{ ref('stg_tiktok__follower_history') }}

),

youtube_channel_basic as (

    select * from {{ ref('stg_youtube__channel_basic') }}

),

youtube_studio_totals as (

    select * from {{ ref('stg_youtube__studio_totals') }}

),

account_settings as (

    select * from {{ ref('account_settings') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

x_account_overview_mapped as (

    select
        platform,
        account_id,
        activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        new_follows as followers_gained,
        new_follows - unfollows as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        impressions,
        -- video_views and media_views count video plays only, not views of every post
        cast(null as {{ bigint }}) as views,
        likes,
        replies as comments,
        reposts as shares,
        bookmarks as saves,
        reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        engagements as platform_total,
        as_of

    from x_account_overview

),

x_daily_activity_mapped as (

    select
        platform,
        account_id,
        activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        follows as followers_gained,
        -- follows only: unfollows are not in this export
        cast(null as {{ bigint }}) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        impressions,
        cast(null as {{ bigint }}) as views,
        likes,
        replies as comments,
        retweets as shares,
        cast(null as {{ bigint }}) as saves,
        retweets as reposts,
        url_clicks as clicks,
        cast(null as {{ bigint }}) as reactions,
        engagements as platform_total,
        as_of

    from x_daily_activity

),

instagram_account_insights_mapped as (

    select
        platform,
        account_id,
        metric_date as activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        -- follower_count (period day) is the day's new followers, not the total
        cast(max(case when metric = 'follower_count' then metric_value end) as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(max(case when metric = 'reach' then metric_value end) as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when metric = 'views' then metric_value end) as {{ bigint }}) as views,
        cast(max(case when metric = 'likes' then metric_value end) as {{ bigint }}) as likes,
        cast(max(case when metric = 'comments' then metric_value end) as {{ bigint }}) as comments,
        cast(max(case when metric = 'shares' then metric_value end) as {{ bigint }}) as shares,
        cast(max(case when metric = 'saves' then metric_value end) as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(max(case when metric = 'total_interactions' then metric_value end) as {{ bigint }}) as platform_total,
        max(as_of) as as_of

    from instagram_account_insights

    where period = 'day'
        and breakdown = ''

    group by 1, 2, 3

),

facebook_page_insights_mapped as (

    select
        platform,
        account_id,
        metric_date as activity_date,
        1 as source_precedence,
        cast(max(case when metric = 'page_follows' then metric_value end) as {{ bigint }}) as followers,
        cast(max(case when metric = 'page_daily_follows_unique' then metric_value end) as {{ bigint }})
            as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(max(case when metric = 'page_total_media_view_unique' then metric_value end) as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when metric = 'page_media_view' then metric_value end) as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as likes,
        cast(null as {{ bigint }}) as comments,
        cast(null as {{ bigint }}) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        -- reactions, comments, shares and more on the Page's posts, as Meta counts them
        cast(max(case when metric = 'page_post_engagements' then metric_value end) as {{ bigint }}) as platform_total,
        max(as_of) as as_of

    from facebook_page_insights

    where period = 'day'
        and breakdown = ''

    group by 1, 2, 3

),

business_suite_daily_mapped as (

    select
        -- a metric without a platform (`Views`) belongs to the platform account_aliases names for the
        -- folder, else the one account_settings does
        coalesce(
            business_suite_daily_metrics.platform, folder_aliases.platform, account_settings.platform
        ) as platform,
        business_suite_daily_metrics.account_id,
        business_suite_daily_metrics.metric_date as activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        cast(max(case when business_suite_daily_metrics.metric in ('facebook_follows', 'instagram_follows')
                then business_suite_daily_metrics.metric_value
        end) as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when business_suite_daily_metrics.metric = 'views'
                then business_suite_daily_metrics.metric_value
        end) as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as likes,
        cast(null as {{ bigint }}) as comments,
        cast(null as {{ bigint }}) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        max(business_suite_daily_metrics.as_of) as as_of

    from business_suite_daily_metrics

    left join account_aliases as folder_aliases
        on business_suite_daily_metrics.account_id = folder_aliases.source_account_id
        and folder_aliases.platform in ('facebook', 'instagram')

    left join account_settings
        on business_suite_daily_metrics.account_id = account_settings.account_id
        and account_settings.platform in ('facebook', 'instagram')

    where
        coalesce(
            business_suite_daily_metrics.platform, folder_aliases.platform, account_settings.platform
        ) is not null

    group by 1, 2, 3

),

linkedin_content_metrics_mapped as (

    select
        platform,
        account_id,
        {{ adapter.quote('date') }} as activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        cast(null as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        -- organic: the only unique count LinkedIn reports per day
        unique_impressions_organic as reach,
        impressions_organic as impressions,
        cast(null as {{ bigint }}) as views,
        reactions_organic as likes,
        comments_organic as comments,
        reposts_organic as shares,
        cast(null as {{ bigint }}) as saves,
        reposts_organic as reposts,
        clicks_organic as clicks,
        reactions_organic as reactions,
        cast(null as {{ bigint }}) as platform_total,
        as_of

    from linkedin_content_metrics

),

linkedin_followers_daily_mapped as (

    select
        platform,
        account_id,
        {{ adapter.quote('date') }} as activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        -- the sheet's Total followers is the day's new followers
        total_followers as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        {%- for metric in ['reach', 'impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'reposts',
                           'clicks', 'reactions', 'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        as_of

    from linkedin_followers_daily

),

tiktok_overview_mapped as (

    select
        platform,
        account_id,
        report_date as activity_date,
        1 as source_precedence,
        followers,
        cast(null as {{ bigint }}) as followers_gained,
        net_followers as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        video_views as views,
        likes,
        comments,
        shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        as_of

    from tiktok_overview

),

tiktok_follower_history_mapped as (

    select
        platform,
        account_id,
        report_date as activity_date,
        2 as source_precedence,
        followers,
        cast(null as {{ bigint }}) as followers_gained,
        net_followers as net_follower_change,
        {%- for metric in ['reach', 'impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'reposts',
                           'clicks', 'reactions', 'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        as_of

    from tiktok_follower_history

),

youtube_channel_basic_mapped as (

    -- channel-level rows only (no video), summed over their audience slices (live/on demand,
    -- subscribed status, country): counts, never unique people
    select
        platform,
        account_id,
        report_date as activity_date,
        1 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        sum(subscribers_gained) as followers_gained,
        sum(subscribers_gained) - sum(subscribers_lost) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        sum(views) as views,
        sum(likes) as likes,
        sum(comments) as comments,
        sum(shares) as shares,
        cast(null as {{ bigint }}) as saves,
        cast(null as {{ bigint }}) as reposts,
        cast(null as {{ bigint }}) as clicks,
        cast(null as {{ bigint }}) as reactions,
        cast(null as {{ bigint }}) as platform_total,
        max(as_of) as as_of

    from youtube_channel_basic

    where video_id is null

    group by 1, 2, 3

),

youtube_studio_totals_mapped as (

    select
        platform,
        account_id,
        report_date as activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        cast(null as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        cast(null as {{ bigint }}) as reach,
        cast(null as {{ bigint }}) as impressions,
        cast(max(case when metric = 'Views' then metric_value end) as {{ bigint }}) as views,
        {%- for metric in ['likes', 'comments', 'shares', 'saves', 'reposts', 'clicks', 'reactions',
                           'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        max(as_of) as as_of

    from youtube_studio_totals

    group by 1, 2, 3

),

unioned as (

    select * from x_account_overview_mapped
    union all
    select * from x_daily_activity_mapped
    union all
    select * from instagram_account_insights_mapped
    union all
    select * from facebook_page_insights_mapped
    union all
    select * from business_suite_daily_mapped
    union all
    select * from linkedin_content_metrics_mapped
    union all
    select * from linkedin_followers_daily_mapped
    union all
    select * from tiktok_overview_mapped
    union all
    select * from tiktok_follower_history_mapped
    union all
    select * from youtube_channel_basic_mapped
    union all
    select * from youtube_studio_totals_mapped

),

-- each metric from the highest-precedence source that reported it for the account and day; sources that
-- name one account differently meet here under its canonical id (seed account_aliases)
combined as (

    select
        unioned.platform,
        coalesce(account_aliases.account_id, unioned.account_id) as account_id,
        unioned.activity_date,
        {%- for metric in metrics %}
            cast(
                coalesce(
                    max(case when unioned.source_precedence = 1 then unioned.{{ metric }} end),
                    max(case when unioned.source_precedence = 2 then unioned.{{ metric }} end)
                )
                as {{ bigint }}
            ) as {{ metric }},
        {%- endfor %}
        max(unioned.as_of) as as_of

    from unioned

    left join account_aliases
        on unioned.platform = account_aliases.platform
        and unioned.account_id = account_aliases.source_account_id

    group by 1, 2, 3

)

select * from combined
