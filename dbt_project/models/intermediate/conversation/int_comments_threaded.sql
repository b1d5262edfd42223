{#-
    Every comment and reply on the brand's posts with the thread it belongs to. A thread is a top-level
    comment and every reply under it: a reply's thread is its parent's thread, resolved two levels deep
    (Instagram and Facebook nest replies at most that far; a deeper reply in a template is attributed to
    its grandparent's parent). A reply whose parent was never loaded keeps its parent's id as thread id.
    Days are UTC days (account reporting time zones come later).
-#}

with

comments as (

    select * from {{ ref('stg_brand__comments') }}

),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

parents as (

    select
        platform,
        comment_id,
        parent_comment_id

    from comments

),

threaded as (

    select
        comments.platform,
        -- one id per real account (seed account_aliases)
        coalesce(account_aliases.account_id, comments.account_id) as account_id,
        comments.post_id,
        comments.comment_id,
        comments.parent_comment_id,
        coalesce(
            parents.parent_comment_id,
            comments.parent_comment_id,
            comments.comment_id
        ) as thread_id,
        comments.commenter_hash,
        comments.is_brand_reply,
        comments.is_reply,
        comments.created_at,
        cast(comments.created_at as date) as created_on,
        comments.as_of

    from comments

    left join parents
        on comments.platform = parents.platform
        and comments.parent_comment_id = parents.comment_id

    left join account_aliases
        on comments.platform = account_aliases.platform
        and comments.account_id = account_aliases.source_account_id

)

select * from threaded
