{#-
    An 8-byte floating-point type for ratios, rates, durations and FX rates.

    dbt.type_float() renders `float`, which is double precision on Postgres, Snowflake and BigQuery but a
    4-byte REAL on DuckDB (1.15 reads back as 1.149999976, and 30 / 100,000 does not come back as 0.0003):
    too coarse for ROAS, an FX rate or an attendance rate.
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'resonance')()) }}
{%- endmacro %}

{#- SQL standard spelling (Postgres, Snowflake, Redshift). -#}
{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{#- DuckDB (and Spark, Trino) spell it `double`. -#}
{% macro duckdb__type_double() -%}
    double
{%- endmacro %}
