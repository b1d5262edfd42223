{#-
    A double-precision floating type for rates and durations. `dbt.type_float()` renders `float`, which
    DuckDB reads as a 4-byte REAL (about 7 significant digits: 30 / 100,000 would not come back as 0.0003),
    so ratios are cast to this instead.
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
