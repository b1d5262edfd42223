{#-
    The integers 0 .. 2^bits - 1 as a one-column relation (`day_offset`), built from cross joins of
    two-row selects: portable SQL, no generate_series/range. dim_date adds them to its first day.
    14 bits = 16,384 days, about 44 years of daily rows.
-#}
{% macro day_offsets(bits=14) -%}
    {{ return(adapter.dispatch('day_offsets', 'resonance')(bits)) }}
{%- endmacro %}

{% macro default__day_offsets(bits) -%}
    select
        {% for bit in range(bits) -%}
        bit_{{ bit }}.b * {{ 2 ** bit }}{{ ' +' if not loop.last }}
        {% endfor -%} as day_offset
    from
        {% for bit in range(bits) -%}
        (select 0 as b union all select 1 as b) as bit_{{ bit }}{{ ',' if not loop.last }}
        {% endfor %}
{%- endmacro %}
