{#-
    A UTC timestamp (without time zone) as the wall-clock time of `time_zone_expression` (an IANA name,
    a literal or a column), still a timestamp without time zone. Used to put a UTC instant on the
    account's reporting day. Dispatched: DuckDB converts with `timezone()` (ICU, built in); other adapters
    use the SQL standard `at time zone` twice (first read the value as UTC, then express it in the zone).
-#}
{% macro to_reporting_timezone(utc_timestamp, time_zone_expression) -%}
    {{ return(adapter.dispatch('to_reporting_timezone', 'resonance')(utc_timestamp, time_zone_expression)) }}
{%- endmacro %}

{% macro default__to_reporting_timezone(utc_timestamp, time_zone_expression) -%}
    cast((({{ utc_timestamp }}) at time zone 'UTC') at time zone ({{ time_zone_expression }}) as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__to_reporting_timezone(utc_timestamp, time_zone_expression) -%}
    timezone({{ time_zone_expression }}, timezone('UTC', {{ utc_timestamp }}))
{%- endmacro %}
