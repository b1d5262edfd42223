{#-
    Lifetime performance of each organic post (its latest snapshot), with engagement rates against each
    denominator: reach, impressions and the account's followers on the publish day. A rate is NULL when
    its numerator is NULL or its denominator is NULL or 0.
-#}

with

latest_post_snapshots as (

    select * from {{ ref('int_post_snapshots_latest') }}

),

account_days as (

    select * from {{ ref('fct_account_daily') }}

),

follower_tiers as (

    select * from {{ ref('follower_tiers') }}

),

posts_with_followers as (

    select
        latest_post_snapshots.*,
        account_days.followers as followers_at_posting

    from latest_post_snapshots

    left join account_days
        on latest_post_snapshots.platform = account_days.platform
        and latest_post_snapshots.account_id = account_days.account_id
        and latest_post_snapshots.published_date = account_days.activity_date

),

final as (

    select
        posts_with_followers.platform,
        posts_with_followers.account_id,
        posts_with_followers.post_id,
        posts_with_followers.published_at,
        posts_with_followers.impressions,
        posts_with_followers.reach,
        posts_with_followers.views,
        posts_with_followers.likes,
        posts_with_followers.comments,
        posts_with_followers.shares,
        posts_with_followers.engagements,
        posts_with_followers.as_of,
        posts_with_followers.post_type,
        posts_with_followers.permalink,
        posts_with_followers.source,
        posts_with_followers.published_date,
        posts_with_followers.saves,
        posts_with_followers.reposts,
        posts_with_followers.clicks,
        posts_with_followers.reactions,
        posts_with_followers.platform_total,
        posts_with_followers.followers_at_posting,
        follower_tiers.follower_tier,
        cast(posts_with_followers.engagements as {{ type_double() }})
        / nullif(posts_with_followers.reach, 0) as engagement_rate_by_reach,
        cast(posts_with_followers.engagements as {{ type_double() }})
        / nullif(posts_with_followers.impressions, 0) as engagement_rate_by_impressions,
        cast(posts_with_followers.engagements as {{ type_double() }})
        / nullif(posts_with_followers.followers_at_posting, 0) as engagement_rate_by_followers,
        {{ network_columns('platform', "'organic'") }}

    from posts_with_followers

    left join follower_tiers
        on posts_with_followers.followers_at_posting >= follower_tiers.min_followers
        and (
            follower_tiers.max_followers is null
            or posts_with_followers.followers_at_posting < follower_tiers.max_followers
        )

)

select * from final
