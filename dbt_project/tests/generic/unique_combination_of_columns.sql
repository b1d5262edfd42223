{#-
    Grain test: at most one row per combination of `combination_of_columns`.

    The project cannot install dbt packages (dbt_utils), so this is its own version of
    dbt_utils.unique_combination_of_columns. It returns one row per duplicated combination, with the
    number of rows sharing it, so a failure shows which keys broke the grain.
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set grain_columns = combination_of_columns | join(',\n        ') %}

with grain_counts as (

    select
        {{ grain_columns }},
        count(*) as rows_with_this_grain

    from {{ model }}

    group by
        {{ grain_columns }}

),

duplicated_grains as (

    select * from grain_counts

    where rows_with_this_grain > 1

)

select * from duplicated_grains

{% endtest %}
