with

latest_post_snapshots as (

    select * from {{ ref('int_post_snapshots_latest') }}

),

final as (

    select
        platform,
        account_id,
        post_id,
        published_at,
        impressions,
        reach,
        views,
        likes,
        comments,
        shares,
        engagements,
        as_of

    from latest_post_snapshots

)

select * from final
