with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_unioned') }}

),

campaign_periods as (

    select * from {{ ref('stg_meta_ads__campaigns') }}

),

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
        account_name,
        as_of

    from campaign_periods

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
            order by as_of desc, account_name
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

final as (

    select
        accounts.platform,
        accounts.account_id,
        latest_names.account_name,
        accounts.first_as_of,
        accounts.last_as_of

    from accounts

    left join latest_names
        on accounts.platform = latest_names.platform
        and accounts.account_id = latest_names.account_id

)

select * from final
