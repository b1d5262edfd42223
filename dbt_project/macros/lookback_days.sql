{#-
    The days an incremental fact rebuilds for a source: its restatement window from the `restatement_days`
    var, never less than `incremental_lookback_days`. `source_column` is the SQL naming the source.
-#}
{% macro lookback_days(source_column) -%}
    {%- set default = var('incremental_lookback_days', 7) -%}
    {%- set windows = var('restatement_days', {}) -%}
    {%- if windows -%}
        case {{ source_column }}
        {%- for source, days in windows.items() %}
            when '{{ source }}' then {{ [days, default] | max }}
        {%- endfor %}
            else {{ default }}
        end
    {%- else -%}
        {{ default }}
    {%- endif -%}
{%- endmacro %}
