{#-
    One row per thread started by someone other than the brand (a top-level comment the brand did not
    write): when it started, when the brand first replied in it, and whether it was still unanswered a
    day after it started.

    "Unanswered for more than 24 h" is judged at the last time the post's comments were looked at (the
    newest as_of of any comment on the post), not at build time: the warehouse only knows about replies
    in files it has loaded, and a rebuild must give the same answer on the same data.
-#}

with

threaded_comments as (

    select * from {{ ref('int_comments_threaded') }}

),

threads as (

    select
        platform,
        account_id,
        post_id,
        thread_id,
        commenter_hash as started_by_hash,
        created_at as started_at,
        created_on as started_on

    from threaded_comments

    where not is_reply
        and not is_brand_reply

),

brand_replies as (

    select
        platform,
        thread_id,
        min(created_at) as first_brand_reply_at,
        count(*) as brand_replies

    from threaded_comments

    where is_reply
        and is_brand_reply

    group by 1, 2

),

post_observations as (

    select
        platform,
        account_id,
        post_id,
        max(as_of) as post_last_seen_at

    from threaded_comments

    group by 1, 2, 3

),

summarized as (

    select
        threads.platform,
        threads.account_id,
        threads.post_id,
        threads.thread_id,
        threads.started_by_hash,
        threads.started_at,
        threads.started_on,
        brand_replies.first_brand_reply_at,
        coalesce(brand_replies.brand_replies, 0) as brand_replies,
        brand_replies.first_brand_reply_at is not null as is_answered,
        cast(
            {{ dbt.datediff('threads.started_at', 'brand_replies.first_brand_reply_at', 'second') }}
            as {{ type_double() }}
        ) / 60 as minutes_to_first_brand_reply,
        post_observations.post_last_seen_at,
        coalesce(
            brand_replies.first_brand_reply_at is null
            and post_observations.post_last_seen_at
            >= {{ dbt.dateadd('hour', 24, 'threads.started_at') }},
            false
        ) as is_unanswered_over_24h

    from threads

    left join brand_replies
        on threads.platform = brand_replies.platform
        and threads.thread_id = brand_replies.thread_id

    left join post_observations
        on threads.platform = post_observations.platform
        and threads.account_id = post_observations.account_id
        and threads.post_id = post_observations.post_id

)

select * from summarized
