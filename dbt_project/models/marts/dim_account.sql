with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_unioned') }}

),

account_days as (

    select * from {{ ref('fct_account_daily') }}

),

ad_periods as (

    select * from {{ ref('int_ad_spend_unioned') }}

),

campaign_periods as (

    select * from {{ ref('stg_meta_ads__campaigns') }}

),

comments as (

    select * from {{ ref('int_comments_threaded') }}

),

live_sessions as (

    select * from {{ ref('fct_live_sessions') }}

),

audience_breakdowns as (

    select * from {{ ref('fct_audience_breakdown') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

account_settings as (

    select * from {{ ref('account_settings') }}

),

follower_tiers as (

    select * from {{ ref('follower_tiers') }}

),

-- every account any fact names, under its canonical id (the intermediate models applied account_aliases;
-- the Meta report names come from staging, so they are mapped here)
account_sightings as (

    select
        platform,
        account_id,
        cast(null as {{ dbt.type_string() }}) as account_name,
        as_of

    from post_snapshots

    union all

    select
        platform,
        account_id,
        cast(null as {{ dbt.type_string() }}) as account_name,
        as_of

    from account_days

    union all

    select
        platform,
        account_id,
        cast(null as {{ dbt.type_string() }}) as account_name,
        as_of

    from ad_periods

    union all

    select
        campaign_periods.platform,
        coalesce(account_aliases.account_id, campaign_periods.account_id) as account_id,
        campaign_periods.account_name,
        campaign_periods.as_of

    from campaign_periods

    left join account_aliases
        on campaign_periods.platform = account_aliases.platform
        and campaign_periods.account_id = account_aliases.source_account_id

    union all

    select
        platform,
        account_id,
        cast(null as {{ dbt.type_string() }}) as account_name,
        as_of

    from comments

    union all

    select
        platform,
        account_id,
        cast(null as {{ dbt.type_string() }}) as account_name,
        as_of

    from live_sessions

    union all

    select
        platform,
        account_id,
        cast(null as {{ dbt.type_string() }}) as account_name,
        as_of

    from audience_breakdowns

),

accounts as (

    select
        platform,
        account_id,
        min(as_of) as first_as_of,
        max(as_of) as last_as_of

    from account_sightings

    group by 1, 2

),

names_ranked as (

    select
        platform,
        account_id,
        account_name,
        row_number() over (
            partition by platform, account_id
            order by as_of desc, account_name asc
        ) as recency_rank

    from account_sightings

    where account_name is not null

),

latest_names as (

    select
        platform,
        account_id,
        account_name

    from names_ranked

    where recency_rank = 1

),

follower_counts_ranked as (

    select
        platform,
        account_id,
        followers,
        row_number() over (
            partition by platform, account_id
            order by activity_date desc
        ) as recency_rank

    from account_days

    where followers is not null

),

latest_follower_counts as (

    select
        platform,
        account_id,
        followers

    from follower_counts_ranked

    where recency_rank = 1

),

final as (

    select
        accounts.platform,
        accounts.account_id,
        latest_names.account_name,
        accounts.first_as_of,
        accounts.last_as_of,
        coalesce(account_settings.reporting_timezone, 'UTC') as reporting_timezone,
        coalesce(account_settings.reporting_currency, '{{ var("reporting_currency") }}') as reporting_currency,
        latest_follower_counts.followers as latest_followers,
        follower_tiers.follower_tier

    from accounts

    left join latest_names
        on accounts.platform = latest_names.platform
        and accounts.account_id = latest_names.account_id

    left join account_settings
        on accounts.platform = account_settings.platform
        and accounts.account_id = account_settings.account_id

    left join latest_follower_counts
        on accounts.platform = latest_follower_counts.platform
        and accounts.account_id = latest_follower_counts.account_id

    left join follower_tiers
        on latest_follower_counts.followers >= follower_tiers.min_followers
        and (
            follower_tiers.max_followers is null
            or latest_follower_counts.followers < follower_tiers.max_followers
        )

)

select * from final
