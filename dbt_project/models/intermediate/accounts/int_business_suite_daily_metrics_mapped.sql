{#-
    Meta Business Suite's daily metric files in the shape of int_account_daily_unioned (source_precedence
    2: the Graph insights of each platform come first). One export serves two platforms: each row is
    assigned to facebook or instagram, and int_facebook__account_daily and int_instagram__account_daily
    each take their own. One row per (platform, account_id, activity_date).
-#}

{%- set bigint = dbt.type_bigint() %}

with

business_suite_daily_metrics as (

    select * from {{ ref('stg_meta_business_suite__daily_metrics') }}

),

account_settings as (

    select * from {{ ref('account_settings') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

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
        cast(null as {{ bigint }}) as video_views,
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

)

select * from business_suite_daily_mapped
