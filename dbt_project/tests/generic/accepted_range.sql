{#-
    Range test: every non-NULL value of `column_name` lies between `min_value` and `max_value`.

    The project's stand-in for dbt_utils.accepted_range (no dbt packages can be installed here). Either
    bound may be omitted; `inclusive` (default true) decides whether a value equal to a bound passes.
    NULLs pass: a metric a platform does not report is NULL, and not_null tests say where NULL is wrong.
    Returns the offending rows.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

with checked as (

    select
        {{ column_name }} as value_under_test

    from {{ model }}

),

out_of_range as (

    select * from checked

    where value_under_test is not null
        and (
            1 = 0
            {%- if min_value is not none %}
            or value_under_test {{ '<' if inclusive else '<=' }} {{ min_value }}
            {%- endif %}
            {%- if max_value is not none %}
            or value_under_test {{ '>' if inclusive else '>=' }} {{ max_value }}
            {%- endif %}
        )

)

select * from out_of_range

{% endtest %}
