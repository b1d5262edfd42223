{#-
    The follower tier of an account from its follower count: nano, micro, mid, macro, mega (NULL when the
    count is unknown). Thresholds, lower bounds inclusive, from the industry's usual cut-offs:
    nano < 10,000 <= micro < 50,000 <= mid < 500,000 <= macro < 1,000,000 <= mega.

    The thresholds are arguments so a model can pass others; they are the project's one place for them
    until the shared follower-tier seed (DESIGN: "Follower tiers are a seed") lands, at which point callers
    should join that seed instead and this macro can go.
-#}
{% macro follower_tier(followers, micro_from=10000, mid_from=50000, macro_from=500000, mega_from=1000000) -%}
    case
        when {{ followers }} is null then null
        when {{ followers }} >= {{ mega_from }} then 'mega'
        when {{ followers }} >= {{ macro_from }} then 'macro'
        when {{ followers }} >= {{ mid_from }} then 'mid'
        when {{ followers }} >= {{ micro_from }} then 'micro'
        else 'nano'
    end
{%- endmacro %}
