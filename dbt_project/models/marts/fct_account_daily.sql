{#-
    One row per (platform, account_id, activity_date): what the account's exports report for that day,
    plus the posts it published that day (by publish day in the account's reporting time zone).
    Reach is the platform's own unique count for that single day: never summed across days or
    platforms here, and no weekly or monthly reach is built from it. The published posts' engagement
    rate is a ratio of sums (sum of engagements / sum of impressions), never an average of per-post
    rates.

    A table, rebuilt whole by every build that touches its inputs. Every day has to be recomputed anyway
    (a day's net follower change needs the day before it; a post published months ago keeps gaining
    likes, which moves its publish day's published_posts_* columns), and an incremental version that
    wrote only the changed days kept the days no export reports any more: a corrected export that moved
    a post's publish day left the old day behind until a `--full-refresh`. The table is one row per
    account and day (thousands of rows), so writing it whole is cheap beside computing it.
-#}

{{ config(materialized='table') }}

with

account_days as (

    select * from {{ ref('int_account_daily_unioned') }}

),

latest_post_snapshots as (

    select * from {{ ref('int_post_snapshots_latest') }}

),

engagement_definitions as (

    select * from {{ ref('engagement_definitions') }}

),

definition_flags as (

    {{ engagement_definition_flags('engagement_definitions') }}

),

account_days_scored as (

    select
        account_days.*,
        {{ engagements_sum('default_flags') }} as engagements

    from account_days

    left join definition_flags as default_flags
        on account_days.platform = default_flags.platform
        and default_flags.content_type = 'all'

),

posts_by_publish_day as (

    select
        platform,
        account_id,
        published_date as activity_date,
        cast(count(*) as {{ dbt.type_bigint() }}) as posts_published,
        -- only posts reporting both numbers enter the ratio, so numerator and denominator match
        cast(sum(case when impressions is not null then engagements end) as {{ dbt.type_bigint() }})
            as published_posts_engagements,
        cast(sum(case when engagements is not null then impressions end) as {{ dbt.type_bigint() }})
            as published_posts_impressions,
        max(as_of) as as_of

    from latest_post_snapshots

    where published_date is not null

    group by 1, 2, 3

),

account_day_keys as (

    select
        platform,
        account_id,
        activity_date
    from account_days_scored
    union
    select
        platform,
        account_id,
        activity_date
    from posts_by_publish_day

),

joined as (

    select
        account_day_keys.platform,
        account_day_keys.account_id,
        account_day_keys.activity_date,
        account_days_scored.followers,
        account_days_scored.followers_gained,
        account_days_scored.net_follower_change as reported_net_follower_change,
        lag(account_days_scored.followers) over (
            partition by account_day_keys.platform, account_day_keys.account_id
            order by account_day_keys.activity_date
        ) as previous_followers,
        lag(account_day_keys.activity_date) over (
            partition by account_day_keys.platform, account_day_keys.account_id
            order by account_day_keys.activity_date
        ) as previous_activity_date,
        account_days_scored.reach,
        account_days_scored.impressions,
        account_days_scored.views,
        account_days_scored.video_views,
        cast(account_days_scored.engagements as {{ dbt.type_bigint() }}) as engagements,
        coalesce(posts_by_publish_day.posts_published, 0) as posts_published,
        posts_by_publish_day.published_posts_engagements,
        posts_by_publish_day.published_posts_impressions,
        case
            when account_days_scored.as_of is null then posts_by_publish_day.as_of
            when posts_by_publish_day.as_of is null then account_days_scored.as_of
            when account_days_scored.as_of > posts_by_publish_day.as_of then account_days_scored.as_of
            else posts_by_publish_day.as_of
        end as as_of

    from account_day_keys

    left join account_days_scored
        on account_day_keys.platform = account_days_scored.platform
        and account_day_keys.account_id = account_days_scored.account_id
        and account_day_keys.activity_date = account_days_scored.activity_date

    left join posts_by_publish_day
        on account_day_keys.platform = posts_by_publish_day.platform
        and account_day_keys.account_id = posts_by_publish_day.account_id
        and account_day_keys.activity_date = posts_by_publish_day.activity_date

),

account_days_final as (

    select
        platform,
        account_id,
        activity_date,
        followers,
        followers_gained,
        -- the platform's own net change; else the follower counts of this day and the day before
        coalesce(
            reported_net_follower_change,
            case
                when previous_activity_date = {{ dbt.dateadd('day', -1, 'activity_date') }}
                    then followers - previous_followers
            end
        ) as net_follower_change,
        reach,
        impressions,
        views,
        video_views,
        engagements,
        posts_published,
        published_posts_engagements,
        published_posts_impressions,
        cast(published_posts_engagements as {{ type_double() }})
        / nullif(published_posts_impressions, 0) as published_posts_engagement_rate_by_impressions,
        as_of

    from joined

),

final as (

    select
        *,
        {{ network_columns('platform', "'organic'") }}

    from account_days_final

)

select * from final
