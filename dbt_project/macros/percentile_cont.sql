{#-
    The continuous percentile (interpolated) of `expression` as an aggregate: `{{ percentile_cont('x', 0.5) }}`
    is the median. NULLs are ignored, as by every engine's percentile aggregates, so a row with no value
    (e.g. a thread the brand never answered) is left out of the percentile rather than counted as 0.

    Dispatched because the spelling differs: DuckDB has `quantile_cont(x, p)`; the SQL standard (Postgres,
    Snowflake, Redshift, Trino via approx only) writes an ordered-set aggregate.
-#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'resonance')(expression, fraction)) }}
{%- endmacro %}

{#- SQL standard ordered-set aggregate. -#}
{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{#- DuckDB: quantile_cont interpolates like percentile_cont. -#}
{% macro duckdb__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}
