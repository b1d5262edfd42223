{#-
    Custom schemas are used verbatim: a model configured with `schema: marts` lands in `marts`, not in
    `<target schema>_marts` (dbt's default). The writer's DuckDB file has exactly one target, and the
    publish step and BI tools look for `staging`, `intermediate` and `marts` by name.
    Models without a custom schema fall back to the target's schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
