{#-
    An 8-byte floating-point type for ratios and FX rates.

    dbt.type_float() is `float`, which is double precision on Postgres, Snowflake and BigQuery but a
    4-byte REAL on DuckDB (1.15 would read back as 1.149999976): too coarse for ROAS or an FX rate.
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'resonance')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    {{ dbt.type_float() }}
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}
