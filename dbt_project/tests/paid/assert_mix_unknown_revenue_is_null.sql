{#-
    Unknown is NULL in the channel mix too: a platform-month none of whose campaigns any order can name
    (every fct_campaign_roi row of it has revenue_tracking `none`) has no attributed or incremental
    revenue and no share of revenue, never a 0 that would read "this channel earned nothing". Rows
    returned break the rule.
-#}

with

channel_mix as (

    select * from {{ ref('fct_channel_mix') }}

),

campaign_roi as (

    select * from {{ ref('fct_campaign_roi') }}

),

tracked_platform_months as (

    select distinct
        platform,
        month_start

    from campaign_roi

    where revenue_tracking <> 'none'

)

select
    channel_mix.platform,
    channel_mix.month_start,
    channel_mix.attributed_revenue_reporting,
    channel_mix.incremental_revenue_reporting,
    channel_mix.share_of_attributed_revenue

from channel_mix

left join tracked_platform_months
    on channel_mix.platform = tracked_platform_months.platform
    and channel_mix.month_start = tracked_platform_months.month_start

where
    channel_mix.spend_reporting > 0
    and tracked_platform_months.platform is null
    and (
        channel_mix.attributed_revenue_reporting is not null
        or channel_mix.incremental_revenue_reporting is not null
        or channel_mix.share_of_attributed_revenue is not null
    )
