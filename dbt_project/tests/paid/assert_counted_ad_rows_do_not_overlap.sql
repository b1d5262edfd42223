{#-
    `sum(spend) where is_counted` over fct_ad_performance counts every campaign-day once: two counted rows
    of one ad account never share a day when they come from different sources (one source counts per
    account and month), nor when they are the same campaign in one source (a week inside a month report).
    Rows returned are such pairs: those days' spend would be added twice.
-#}

with

counted_rows as (

    select * from {{ ref('fct_ad_performance') }}

    where is_counted

)

select
    first_row.platform,
    first_row.account_id,
    first_row.source as first_source,
    first_row.campaign_id as first_campaign_id,
    first_row.period_start as first_period_start,
    first_row.period_end as first_period_end,
    second_row.source as second_source,
    second_row.campaign_id as second_campaign_id,
    second_row.period_start as second_period_start,
    second_row.period_end as second_period_end

from counted_rows as first_row

inner join counted_rows as second_row
    on first_row.platform = second_row.platform
    and first_row.account_id = second_row.account_id
    and first_row.period_start <= second_row.period_end
    and first_row.period_end >= second_row.period_start

where first_row.source < second_row.source
    or (
        first_row.source = second_row.source
        and first_row.campaign_id = second_row.campaign_id
        and (
            first_row.period_start < second_row.period_start
            or (first_row.period_start = second_row.period_start and first_row.period_end < second_row.period_end)
        )
    )
