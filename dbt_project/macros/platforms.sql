{#-
    The platforms of var('platforms') (dbt_project.yml), the one list of the platforms the marts know.

    platforms_for(): every platform; platforms_for('ad_spend'): those that feed one shape (post_snapshots,
    account_daily, ad_spend), in the list's order. `extra` appends values a column holds beside platforms
    (fct_campaign_roi's `creator`). Tests take their accepted values from it, so adding a platform to the
    list is the only edit they need.
-#}
{% macro platforms_for(shape=none, extra=[]) -%}
    {%- set found = [] -%}
    {%- for platform, shapes in var('platforms').items() -%}
        {%- if shape is none or shape in shapes -%}
            {%- do found.append(platform) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found + extra) }}
{%- endmacro %}


{#-
    `select <columns> from int_<platform>__<shape>` for each platform that feeds the shape, joined by
    `union all`: the body of a unioned intermediate model, generated from var('platforms'). The refs are
    rendered at parse time, so the lineage names every per-platform model. Columns are listed, not `*`,
    so the union matches by name whatever order a platform model selects them in.
-#}
{% macro union_platform_models(shape, columns) -%}
    {%- set platforms = platforms_for(shape) -%}
    {%- if platforms | length == 0 -%}
        {{ exceptions.raise_compiler_error("no platform in var('platforms') feeds the shape '" ~ shape ~ "'") }}
    {%- endif -%}
    {%- for platform in platforms %}
    select
        {%- for column in columns %}
        {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_' ~ platform ~ '__' ~ shape) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
