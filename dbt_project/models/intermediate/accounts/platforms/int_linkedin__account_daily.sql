{#-
    LinkedIn's account-level daily figures in the shape of int_account_daily_unioned (which keeps, metric
    by metric, the value of the lowest source_precedence). source_precedence:
      1 content metrics (page export)       2 share statistics (API, daily page totals)       3 followers daily
    Reach is the organic unique impressions of the day, the only unique count LinkedIn reports per day.

    Share statistics report the same organic counts as the page export's `Metrics` sheet, but per 24-hour
    window that starts at the time the request named (06:06:39 UTC, say), not per calendar day. Where the
    page export has the day, it wins; the API's window stands in for days (or metrics) the export lacks.
    A window counts for the day, in the account's reporting time zone (seed account_settings, else UTC),
    that holds its midpoint, i.e. most of its 24 hours. Only the page's own totals (no share URN) of day
    windows are used: lifetime rows are totals since the page began, and per-post rows belong to posts.

    Follower statistics (API, daily follower gains, organic + paid) report the followers workbook's new
    followers; they share its precedence 3, and stand in only for days the workbook lacks (for an account
    and day the workbook has, its number is kept, as before). A window counts for its day in the account's
    reporting time zone, by its midpoint, as share statistics do.
-#}

{%- set bigint = dbt.type_bigint() %}

with

linkedin_content_metrics as (

    select * from {{ ref('stg_linkedin__content_metrics') }}

),

linkedin_followers_daily as (

    select * from {{ ref('stg_linkedin__followers_daily') }}

),

linkedin_share_statistics as (

    select * from {{ ref('stg_linkedin__share_statistics') }}

),

linkedin_follower_statistics as (

    select * from {{ ref('stg_linkedin__follower_statistics') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

account_settings as (

    select * from {{ ref('account_settings') }}

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
        cast(null as {{ bigint }}) as video_views,
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

linkedin_share_statistics_mapped as (

    select
        linkedin_share_statistics.platform,
        linkedin_share_statistics.account_id,
        cast(
            {{ to_reporting_timezone(
                dbt.dateadd('hour', 12, 'linkedin_share_statistics.time_range_start'),
                "coalesce(account_settings.reporting_timezone, 'UTC')"
            ) }} as date
        ) as activity_date,
        2 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        cast(null as {{ bigint }}) as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        -- organic unique impressions of the window, as in the page export
        linkedin_share_statistics.unique_impressions_count as reach,
        linkedin_share_statistics.impression_count as impressions,
        cast(null as {{ bigint }}) as views,
        cast(null as {{ bigint }}) as video_views,
        linkedin_share_statistics.like_count as likes,
        linkedin_share_statistics.comment_count as comments,
        linkedin_share_statistics.share_count as shares,
        cast(null as {{ bigint }}) as saves,
        linkedin_share_statistics.share_count as reposts,
        linkedin_share_statistics.click_count as clicks,
        linkedin_share_statistics.like_count as reactions,
        cast(null as {{ bigint }}) as platform_total,
        linkedin_share_statistics.as_of

    from linkedin_share_statistics

    left join account_aliases
        on linkedin_share_statistics.platform = account_aliases.platform
        and linkedin_share_statistics.account_id = account_aliases.source_account_id

    left join account_settings
        on linkedin_share_statistics.platform = account_settings.platform
        and coalesce(account_aliases.account_id, linkedin_share_statistics.account_id) = account_settings.account_id

    where linkedin_share_statistics.granularity = 'day'
        and linkedin_share_statistics.share_urn is null

),

linkedin_followers_daily_mapped as (

    select
        platform,
        account_id,
        {{ adapter.quote('date') }} as activity_date,
        3 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        -- the sheet's Total followers is the day's new followers
        total_followers as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        {%- for metric in ['reach', 'impressions', 'views', 'video_views', 'likes', 'comments', 'shares',
                           'saves', 'reposts', 'clicks', 'reactions', 'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        as_of

    from linkedin_followers_daily

),

linkedin_follower_statistics_mapped as (

    select
        linkedin_follower_statistics.platform,
        linkedin_follower_statistics.account_id,
        cast(
            {{ to_reporting_timezone(
                dbt.dateadd('hour', 12, 'linkedin_follower_statistics.time_range_start'),
                "coalesce(account_settings.reporting_timezone, 'UTC')"
            ) }} as date
        ) as activity_date,
        3 as source_precedence,
        cast(null as {{ bigint }}) as followers,
        -- new followers in the window, organic and paid, like the workbook's Total followers
        linkedin_follower_statistics.organic_follower_gain
        + linkedin_follower_statistics.paid_follower_gain as followers_gained,
        cast(null as {{ bigint }}) as net_follower_change,
        {%- for metric in ['reach', 'impressions', 'views', 'video_views', 'likes', 'comments', 'shares',
                           'saves', 'reposts', 'clicks', 'reactions', 'platform_total'] %}
            cast(null as {{ bigint }}) as {{ metric }},
        {%- endfor %}
        linkedin_follower_statistics.as_of

    from linkedin_follower_statistics

    left join account_aliases
        on linkedin_follower_statistics.platform = account_aliases.platform
        and linkedin_follower_statistics.account_id = account_aliases.source_account_id

    left join account_settings
        on linkedin_follower_statistics.platform = account_settings.platform
        and coalesce(account_aliases.account_id, linkedin_follower_statistics.account_id) = account_settings.account_id

),

-- the accounts and days the followers workbook has, under the account's canonical id (seed account_aliases)
linkedin_followers_daily_days as (

    select distinct
        coalesce(account_aliases.account_id, linkedin_followers_daily_mapped.account_id) as account_id,
        linkedin_followers_daily_mapped.activity_date

    from linkedin_followers_daily_mapped

    left join account_aliases
        on linkedin_followers_daily_mapped.platform = account_aliases.platform
        and linkedin_followers_daily_mapped.account_id = account_aliases.source_account_id

),

-- the API's days the followers workbook does not have (the workbook's number wins where both have the day)
linkedin_follower_statistics_only as (

    select linkedin_follower_statistics_mapped.*

    from linkedin_follower_statistics_mapped

    left join account_aliases
        on linkedin_follower_statistics_mapped.platform = account_aliases.platform
        and linkedin_follower_statistics_mapped.account_id = account_aliases.source_account_id

    left join linkedin_followers_daily_days
        on coalesce(account_aliases.account_id, linkedin_follower_statistics_mapped.account_id)
        = linkedin_followers_daily_days.account_id
        and linkedin_follower_statistics_mapped.activity_date = linkedin_followers_daily_days.activity_date

    where linkedin_followers_daily_days.account_id is null

),

unioned as (

    select * from linkedin_content_metrics_mapped
    union all
    select * from linkedin_share_statistics_mapped
    union all
    select * from linkedin_followers_daily_mapped
    union all
    select * from linkedin_follower_statistics_only

)

select * from unioned
