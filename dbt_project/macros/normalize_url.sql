{#-
    A URL in the form two exports of one post agree on, so a creator's link matches the post's permalink:
    surrounding spaces trimmed, the fragment (`#...`) and the query string (`?...`, tracking parameters
    such as `?igsh=` or `?utm_source=`) dropped, the scheme and host lower-cased (they are case-insensitive)
    and one trailing slash removed. The path keeps its case: Instagram shortcodes and YouTube ids are
    case-sensitive. One exception: a YouTube watch URL (path `/watch`) keeps its `v` parameter, the video
    id (`https://www.youtube.com/watch?v=<id>`, as fct_post_performance builds YouTube permalinks).
    `http` and `https`, `www.` and a bare host, or `youtu.be` short links are not made equal.
    Portable SQL only (dbt.split_part, dbt.position, dbt.right, substr, length, lower).
-#}
{% macro normalize_url(url) -%}
    {%- set without_query = dbt.split_part(dbt.split_part('trim(' ~ url ~ ')', "'#'", 1), "'?'", 1) -%}
    {%- set without_slash -%}
        (case
            when {{ dbt.right(without_query, 1) }} = '/'
                then substr({{ without_query }}, 1, length({{ without_query }}) - 1)
            else {{ without_query }}
        end)
    {%- endset -%}
    {%- set scheme_end = dbt.position("'://'", without_slash) -%}
    {%- set after_scheme -%}
        (case when {{ scheme_end }} > 0 then substr({{ without_slash }}, {{ scheme_end }} + 3) else {{ without_slash }} end)
    {%- endset -%}
    {%- set host = dbt.split_part(after_scheme, "'/'", 1) -%}
    {%- set path = "substr(" ~ after_scheme ~ ", length(" ~ host ~ ") + 1)" -%}
    {%- set query = dbt.split_part(dbt.split_part('trim(' ~ url ~ ')', "'#'", 1), "'?'", 2) -%}
    {%- set video_id = dbt.split_part(dbt.split_part(query, "'v='", 2), "'&'", 1) -%}
    {{ dbt.concat([
        "lower(case when " ~ scheme_end ~ " > 0 then substr(" ~ without_slash ~ ", 1, " ~ scheme_end ~ " + 2) else '' end)",
        "lower(" ~ host ~ ")",
        path,
        "(case when " ~ path ~ " = '/watch' and " ~ video_id ~ " <> '' then " ~ dbt.concat(["'?v='", video_id])
        ~ " else '' end)",
    ]) }}
{%- endmacro %}
