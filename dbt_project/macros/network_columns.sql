{#-
    The channel taxonomy every fact carries, so paid and organic of one network sit side by side:
    `network` (where the content or the ads appeared), `network_group` (the company's family of networks:
    Instagram, Facebook and Meta's ads are `meta`) and `channel_type` (organic, paid, creator).
    A platform is its own network and group unless var('networks') / var('network_groups') (dbt_project.yml)
    say otherwise; `creator` (a deal that may span networks) has neither.
-#}
{% macro network_columns(platform, channel_type) -%}
    {%- set networks = var('networks', {}) -%}
    {%- set groups = var('network_groups', {}) -%}
    cast(case
        when {{ platform }} = 'creator' then null
        {%- for name, network in networks.items() %}
        when {{ platform }} = '{{ name }}' then '{{ network }}'
        {%- endfor %}
        else {{ platform }}
    end as {{ dbt.type_string() }}) as network,
    cast(case
        when {{ platform }} = 'creator' then null
        {%- for name, group in groups.items() %}
        when {{ platform }} = '{{ name }}' then '{{ group }}'
        {%- endfor %}
        else {{ platform }}
    end as {{ dbt.type_string() }}) as network_group,
    cast({{ channel_type }} as {{ dbt.type_string() }}) as channel_type
{%- endmacro %}


{#-
    What a platform's rows carry when one row holds the platform's spend and its posts' engagements
    (fct_channel_mix): `creator`, `paid` (ads only: Meta's ads), `paid_and_organic` (ads and posts) or
    `organic` (posts only), from the shapes var('platforms') lists for it.
-#}
{% macro platform_channel_type(platform) -%}
    {%- set organic = platforms_for('post_snapshots') -%}
    case
        when {{ platform }} = 'creator' then 'creator'
        {%- for name in platforms_for('ad_spend') %}
        when {{ platform }} = '{{ name }}' then '{{ "paid_and_organic" if name in organic else "paid" }}'
        {%- endfor %}
        else 'organic'
    end
{%- endmacro %}
