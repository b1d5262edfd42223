{#-
    Referential integrity on a composite key: every row of `model` whose key columns are all filled finds a
    row of `to` with the same values, e.g. a fact's (platform, account_id) in dim_account. dbt's built-in
    `relationships` checks one column only, and `platform` + `account_id` together are the account's key
    (the same id can exist on two platforms).

    `columns` are the model's key columns and `to_columns` the parent's, in the same order (default: the
    same names). A row with a NULL in any key column is not checked (use not_null for that), as dbt's
    `relationships` does. Returns one row per orphan key with the number of rows carrying it, so a failure
    names the keys without a parent.
-#}
{% test relationships_composite(model, columns, to, to_columns=none) %}

{%- set parent_columns = to_columns if to_columns else columns -%}
{%- if parent_columns | length != columns | length -%}
    {{ exceptions.raise_compiler_error(
        "relationships_composite: columns " ~ columns ~ " and to_columns " ~ parent_columns
        ~ " must have the same length"
    ) }}
{%- endif %}

with child_keys as (

    select
        {% for column in columns -%}
        {{ column }} as key_{{ loop.index }},
        {% endfor -%}
        count(*) as rows_with_this_key

    from {{ model }}

    where
        {% for column in columns -%}
        {{ column }} is not null{{ ' and' if not loop.last }}
        {% endfor %}

    group by
        {% for column in columns -%}
        {{ column }}{{ ',' if not loop.last }}
        {% endfor %}

),

parent_keys as (

    select distinct
        {% for column in parent_columns -%}
        {{ column }} as key_{{ loop.index }}{{ ',' if not loop.last }}
        {% endfor %}

    from {{ to }}

),

orphans as (

    select child_keys.*

    from child_keys

    left join parent_keys
        on
        {% for column in columns -%}
        child_keys.key_{{ loop.index }} = parent_keys.key_{{ loop.index }}{{ ' and' if not loop.last }}
        {% endfor %}

    where parent_keys.key_1 is null

)

select * from orphans

{% endtest %}
