{#-
    One row per (platform, account_id, activity_date): the account-level daily figures of every export,
    in one shape. Each platform maps its own exports onto the common columns in its own model,
    platforms/int_<platform>__account_daily.sql (NULL where an export does not report a metric); this model
    unions the platforms that var('platforms') lists for account_daily. Where two exports of one platform
    report the same metric for the same account and day, the value of the source with the lower
    `source_precedence` is kept, metric by metric (each platform model names its sources' precedence).
    Reach is only a platform's own unique count for that one day (Graph `reach`/`page_total_media_view_unique`
    period day, LinkedIn organic unique impressions); it is never summed from other rows.
-#}

{%- set metrics = ['followers', 'followers_gained', 'net_follower_change', 'reach', 'impressions', 'views',
                   'video_views', 'likes', 'comments', 'shares', 'saves', 'reposts', 'clicks', 'reactions',
                   'platform_total'] %}
{#- the precedence numbers a platform model may give its sources: 1 wins over 2, 2 over 3 #}
{%- set precedences = [1, 2, 3] %}
{%- set bigint = dbt.type_bigint() %}

with

unioned as (
    {{ union_platform_models(
        'account_daily', ['platform', 'account_id', 'activity_date', 'source_precedence'] + metrics + ['as_of']
    ) }}
),

account_aliases as (

    select * from {{ ref('account_aliases') }}

),

-- each metric from the highest-precedence source that reported it for the account and day; sources that
-- name one account differently meet here under its canonical id (seed account_aliases)
combined as (

    select
        unioned.platform,
        coalesce(account_aliases.account_id, unioned.account_id) as account_id,
        unioned.activity_date,
        {%- for metric in metrics %}
            cast(
                coalesce(
                    {%- for precedence in precedences %}
                        max(case when unioned.source_precedence = {{ precedence }} then unioned.{{ metric }} end)
                        {{- "," if not loop.last }}
                    {%- endfor %}
                )
                as {{ bigint }}
            ) as {{ metric }},
        {%- endfor %}
        max(unioned.as_of) as as_of

    from unioned

    left join account_aliases
        on unioned.platform = account_aliases.platform
        and unioned.account_id = account_aliases.source_account_id

    group by 1, 2, 3

)

select * from combined
