{#-
    One row per live broadcast, with its audience set against the account's followers at the start, so
    "100,000 followers, 30 viewers" reads as 0.3 viewers per 1,000 followers, attendance band `poor`.

    The raw key is (platform, account_id, started_at); the mart's grain is (platform, session_id). When one
    session id was written with two start times (a corrected row), the newest as_of wins.

    Reporting time zone: accounts have none yet (an account settings seed comes later), so the local start
    is the UTC start and reporting_time_zone says 'UTC'.
-#}

with

live_sessions as (

    select * from {{ ref('stg_brand__live_sessions') }}

),

attendance_bands as (

    select * from {{ ref('live_attendance_bands') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

follower_tiers as (

    select * from {{ ref('follower_tiers') }}

),

sessions_ranked as (

    select
        *,
        row_number() over (
            partition by platform, session_id
            order by as_of desc, started_at desc, load_id desc
        ) as recency_rank

    from live_sessions

),

-- the template's account id as typed, mapped to the canonical id (seed account_aliases); the live sessions
-- template has no intermediate model, so the mapping is applied here, once
latest_sessions as (

    select
        sessions_ranked.platform,
        sessions_ranked.session_id,
        coalesce(account_aliases.account_id, sessions_ranked.account_id) as account_id,
        sessions_ranked.title,
        sessions_ranked.started_at,
        sessions_ranked.as_of,
        sessions_ranked.duration_minutes,
        sessions_ranked.peak_concurrent_viewers,
        sessions_ranked.unique_viewers,
        sessions_ranked.followers_at_start

    from sessions_ranked

    left join account_aliases
        on sessions_ranked.platform = account_aliases.platform
        and sessions_ranked.account_id = account_aliases.source_account_id

    where sessions_ranked.recency_rank = 1

),

rated as (

    select
        platform,
        session_id,
        account_id,
        title,
        started_at,
        as_of,
        duration_minutes,
        peak_concurrent_viewers,
        unique_viewers,
        followers_at_start,
        -- no follower count, or zero followers, leaves every per-follower rate NULL (never 0, never infinite)
        cast(peak_concurrent_viewers as {{ type_double() }}) * 1000
        / nullif(followers_at_start, 0) as peak_viewers_per_1k_followers,
        cast(unique_viewers as {{ type_double() }}) * 1000
        / nullif(followers_at_start, 0) as unique_viewers_per_1k_followers,
        cast(unique_viewers as {{ type_double() }})
        / nullif(followers_at_start, 0) as attendance_rate

    from latest_sessions

),

final as (

    select
        rated.platform,
        rated.session_id,
        rated.account_id,
        rated.title,
        rated.started_at,
        -- no reporting time zone per account yet: report in UTC
        cast('UTC' as {{ dbt.type_string() }}) as reporting_time_zone,
        rated.started_at as started_at_local,
        cast(rated.started_at as date) as started_on_local,
        rated.duration_minutes,
        rated.peak_concurrent_viewers,
        rated.unique_viewers,
        rated.followers_at_start,
        follower_tiers.follower_tier,
        rated.peak_viewers_per_1k_followers,
        rated.unique_viewers_per_1k_followers,
        rated.attendance_rate,
        attendance_bands.attendance_band,
        rated.as_of,
        {{ network_columns('platform', "'organic'") }}

    from rated

    left join attendance_bands
        on rated.attendance_rate >= attendance_bands.min_attendance_rate
        and (
            rated.attendance_rate < attendance_bands.max_attendance_rate
            or attendance_bands.max_attendance_rate is null
        )

    -- the seed's tiers: lower bound inclusive, upper bound exclusive, none for the top tier
    left join follower_tiers
        on rated.followers_at_start >= follower_tiers.min_followers
        and (
            follower_tiers.max_followers is null
            or rated.followers_at_start < follower_tiers.max_followers
        )

)

select * from final
