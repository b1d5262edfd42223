{#-
    Listening, per account and day: how many people talked to the brand, how often and how fast the brand
    answered. Days are UTC days (account reporting time zones come later).

    Comment counts belong to the day each comment was posted; thread measures (reply rate, time to first
    reply, unanswered) belong to the day the thread started, whenever the brand answered it.
-#}

with

threaded_comments as (

    select * from {{ ref('int_comments_threaded') }}

),

threads as (

    select * from {{ ref('int_comment_threads_summarized') }}

),

comments_daily as (

    select
        platform,
        account_id,
        created_on as date_day,
        count(case when not is_brand_reply then 1 end) as comments_received,
        count(case when is_brand_reply and is_reply then 1 end) as brand_replies,
        count(distinct case when not is_brand_reply then commenter_hash end) as distinct_commenters

    from threaded_comments

    group by 1, 2, 3

),

threads_daily as (

    select
        platform,
        account_id,
        started_on as date_day,
        count(*) as threads_started,
        count(case when is_answered then 1 end) as threads_replied,
        count(case when is_unanswered_over_24h then 1 end) as unanswered_threads_over_24h,
        {{ percentile_cont('minutes_to_first_brand_reply', 0.5) }} as median_minutes_to_first_brand_reply

    from threads

    group by 1, 2, 3

),

final as (

    select
        comments_daily.platform,
        comments_daily.account_id,
        comments_daily.date_day,
        comments_daily.comments_received,
        comments_daily.brand_replies,
        coalesce(threads_daily.threads_started, 0) as threads_started,
        coalesce(threads_daily.threads_replied, 0) as threads_replied,
        -- a ratio of the day's sums; NULL on a day no one started a thread
        cast(threads_daily.threads_replied as {{ type_double() }})
        / nullif(threads_daily.threads_started, 0) as reply_rate,
        threads_daily.median_minutes_to_first_brand_reply,
        coalesce(threads_daily.unanswered_threads_over_24h, 0) as unanswered_threads_over_24h,
        comments_daily.distinct_commenters,
        {{ network_columns('comments_daily.platform', "'organic'") }}

    from comments_daily

    -- every thread's first comment is a comment from someone else on its start day, so every thread day
    -- is a comment day
    left join threads_daily
        on comments_daily.platform = threads_daily.platform
        and comments_daily.account_id = threads_daily.account_id
        and comments_daily.date_day = threads_daily.date_day

)

select * from final
