{#-
    Engagements from the seed engagement_definitions, shared by the post and account models so both
    count the same interactions.

    engagement_components(): the component columns a definition can name.

    engagement_definition_flags(definitions): one row per (platform, content_type) with a 0/1 column
    `counts_<component>` per component (1 when the seed counts it).

    engagements_sum(flags_alias): the sum of the counted components of the row. A counted component the
    export did not report (NULL) is left out of the sum; the sum is NULL only when every counted
    component is NULL, or when the platform has no definition (its flags are NULL). A reported 0 counts
    as 0. Plain CASE and COALESCE: portable SQL.
-#}
{% macro engagement_components() -%}
    {{ return(['likes', 'comments', 'shares', 'saves', 'reposts', 'clicks', 'reactions', 'platform_total']) }}
{%- endmacro %}

{% macro engagement_definition_flags(definitions) -%}
    select
        platform,
        content_type,
        {%- for component in engagement_components() %}
        max(case when component = '{{ component }}' and counts_as_engagement then 1 else 0 end) as counts_{{ component }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ definitions }}

    group by 1, 2
{%- endmacro %}

{% macro engagements_sum(flags_alias) -%}
    case
        when
            {%- for component in engagement_components() %}
            ({{ flags_alias }}.counts_{{ component }} = 1 and {{ component }} is not null){{ ' or' if not loop.last }}
            {%- endfor %}
        then
            {%- for component in engagement_components() %}
            case when {{ flags_alias }}.counts_{{ component }} = 1 then coalesce({{ component }}, 0) else 0 end{{ ' +' if not loop.last }}
            {%- endfor %}
    end
{%- endmacro %}
