{#-
    The body of a staging model over a Graph API insights table (Facebook page and post insights,
    Instagram account and media insights): the four raw tables share one long layout, one row per
    metric, period, value entry and breakdown value. Each staging model is one call naming its source:

        {{ stg_graph_insights(source('facebook', 'page_insights'), 'facebook', ids=['page_id', 'account_id'],
                              daily=true) }}

    - ids: the table's id columns, cast to strings, in the order the model lists them;
    - daily: the table has `date` and `date_basis` (insights of period day: the page and account tables),
      renamed metric_date and date_basis;
    - millisecond_metrics: metrics Meta reports in milliseconds; when given, a `value_unit` column says
      `milliseconds` for them and `count` for every other metric.
-#}
{% macro stg_graph_insights(source_relation, platform, ids, daily=false, millisecond_metrics=[]) -%}
with

source as (

    select * from {{ source_relation }}

),

renamed as (

    select

        ---------- ids
        {%- for id in ids %}
        cast({{ id }} as {{ dbt.type_string() }}) as {{ id }},
        {%- endfor %}
        '{{ platform }}' as platform,

        ---------- metric (long: one row per metric, period, value entry and breakdown value)
        metric,
        period,
        breakdown,
        breakdown_value,
        value_form,
        title as metric_title,
        description as metric_description,
        insight_id,

        ---------- numerics (reach-like metrics count unique accounts: never sum them)
        value as value_int,
        value_double,
        cast(coalesce(cast(value as {{ type_double() }}), value_double) as {{ type_double() }}) as metric_value,
        {%- if millisecond_metrics %}
        -- Meta reports these metrics (reel watch times) in milliseconds; every other metric is a count
        case
            when metric in ('{{ millisecond_metrics | join("', '") }}') then 'milliseconds'
            else 'count'
        end as value_unit,
        {%- endif %}

        ---------- dates
        {%- if daily %}
        {{ adapter.quote('date') }} as metric_date,
        date_basis,
        {%- endif %}
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('end_time') }} as end_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
{%- endmacro %}
