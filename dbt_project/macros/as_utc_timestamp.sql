{#-
    A timestamp with time zone as a timestamp without time zone, in UTC.

    Raw tables keep instants as TIMESTAMPTZ; marts expose plain timestamps that are UTC by convention, so a
    BI tool shows the same wall-clock time whatever its session time zone. Only apply it to columns that
    carry a time zone: a plain timestamp has no instant to convert.
-#}
{% macro as_utc_timestamp(column_name) -%}
    {{ return(adapter.dispatch('as_utc_timestamp', 'resonance')(column_name)) }}
{%- endmacro %}

{#- Portable fallback: correct when the session time zone is UTC (the profile sets it). -#}
{% macro default__as_utc_timestamp(column_name) -%}
    cast({{ column_name }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- DuckDB: explicit, independent of the session time zone. -#}
{% macro duckdb__as_utc_timestamp(column_name) -%}
    timezone('UTC', {{ column_name }})
{%- endmacro %}
