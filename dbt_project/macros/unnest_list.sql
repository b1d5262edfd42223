{#-
    One output row per element of a list (array) column, used in a select list:
    `select id, {{ unnest_list('post_urls') }} as post_url from deals`. Dispatched: DuckDB and Postgres
    (the default) call the set-returning `unnest`; Spark (dbt-spark) calls `explode`. An empty or NULL
    list yields no row.
-#}
{% macro unnest_list(list_column) -%}
    {{ return(adapter.dispatch('unnest_list', 'resonance')(list_column)) }}
{%- endmacro %}

{% macro default__unnest_list(list_column) -%}
    unnest({{ list_column }})
{%- endmacro %}

{% macro duckdb__unnest_list(list_column) -%}
    unnest({{ list_column }})
{%- endmacro %}

{% macro spark__unnest_list(list_column) -%}
    explode({{ list_column }})
{%- endmacro %}
