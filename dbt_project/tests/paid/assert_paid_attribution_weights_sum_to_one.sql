{#- Every conversion's weights sum to 1 under every attribution model (roi-methods.md B.7). -#}

with

weights as (

    select * from {{ ref('int_attribution_weights') }}

),

sums as (

    select
        order_id,
        attribution_model,
        sum(weight) as total_weight

    from weights

    group by 1, 2

)

select * from sums

where abs(total_weight - 1) > 0.000001
