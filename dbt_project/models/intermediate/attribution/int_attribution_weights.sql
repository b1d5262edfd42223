{#-
    The share of each conversion's credit each touch earns under each rule-based model.
    Grain: one row per (order_id, touch_id, attribution_model); weights sum to 1 per (order_id,
    attribution_model).

    Touches are ordered by time, then UTM before promo code, then touch_id (ties are deterministic).
    - last_touch / first_touch: 1 to the last / first touch, 0 to the others;
    - linear: 1 / n;
    - position_based (40/20/40, as the dbt attribution playbook and Snowplow): one touch 1, two touches
      0.5 each, else 0.4 to the first and the last and 0.2 shared by the touches between;
    - time_decay: 0.5 ^ (days before the conversion / var('attribution_half_life_days', 7)),
      normalised to sum to 1.
-#}
{%- set half_life_days = var('attribution_half_life_days', 7) -%}

with

touches as (

    select * from {{ ref('int_touches_joined_to_conversions') }}

),

sequenced as (

    select
        order_id,
        touch_id,
        row_number() over (
            partition by order_id
            order by touched_at, touch_type_order, touch_id
        ) as touch_position,
        count(*) over (partition by order_id) as touch_count,
        power(0.5, days_before_conversion / {{ half_life_days }}) as decay_points

    from touches

),

with_totals as (

    select
        *,
        sum(decay_points) over (partition by order_id) as total_decay_points

    from sequenced

),

by_model as (

    select
        order_id,
        touch_id,
        'last_touch' as attribution_model,
        case when touch_position = touch_count then 1.0 else 0.0 end as weight

    from with_totals

    union all

    select
        order_id,
        touch_id,
        'first_touch' as attribution_model,
        case when touch_position = 1 then 1.0 else 0.0 end as weight

    from with_totals

    union all

    select
        order_id,
        touch_id,
        'linear' as attribution_model,
        1.0 / touch_count as weight

    from with_totals

    union all

    select
        order_id,
        touch_id,
        'position_based' as attribution_model,
        case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when touch_position = 1 or touch_position = touch_count then 0.4
            else 0.2 / (touch_count - 2)
        end as weight

    from with_totals

    union all

    select
        order_id,
        touch_id,
        'time_decay' as attribution_model,
        decay_points / total_decay_points as weight

    from with_totals

),

final as (

    select
        order_id,
        touch_id,
        attribution_model,
        cast(weight as {{ type_double() }}) as weight

    from by_model

)

select * from final
