{#-
    account_aliases is applied once: a canonical id that is itself another row's source id would need a
    second pass (a -> b -> c) and would leave the account under two ids. Returns every such chain.
-#}
with

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

chained as (

    select
        first_step.platform,
        first_step.source_account_id,
        first_step.account_id,
        second_step.account_id as account_id_after_second_step

    from account_aliases as first_step

    inner join account_aliases as second_step
        on first_step.platform = second_step.platform
        and first_step.account_id = second_step.source_account_id
        and second_step.source_account_id <> second_step.account_id

)

select * from chained
