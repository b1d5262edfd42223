{#-
    Every post snapshot with its engagements by the seed engagement_definitions. A platform's definition
    for the post's own post_type (a content_type row set) replaces the platform's default (`all`);
    otherwise the default applies. Engagements are NULL when every counted component is NULL, or when
    the platform has no definition at all (see the engagements macros).
-#}

with

post_snapshots as (

    select * from {{ ref('int_post_snapshots_unioned') }}

),

engagement_definitions as (

    select * from {{ ref('engagement_definitions') }}

),

definition_flags as (

    {{ engagement_definition_flags('engagement_definitions') }}

),

snapshots_with_flags as (

    select
        post_snapshots.*,
        {%- for component in engagement_components() %}
            case
                when type_flags.platform is not null then type_flags.counts_{{ component }}
                else default_flags.counts_{{ component }}
            end as counts_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from post_snapshots

    left join definition_flags as type_flags
        on post_snapshots.platform = type_flags.platform
        and post_snapshots.post_type = type_flags.content_type

    left join definition_flags as default_flags
        on post_snapshots.platform = default_flags.platform
        and default_flags.content_type = 'all'

),

scored as (

    select
        snapshots_with_flags.platform,
        snapshots_with_flags.account_id,
        snapshots_with_flags.post_id,
        snapshots_with_flags.source,
        snapshots_with_flags.post_type,
        snapshots_with_flags.permalink,
        snapshots_with_flags.published_at,
        snapshots_with_flags.is_published_at_utc,
        snapshots_with_flags.impressions,
        snapshots_with_flags.reach,
        snapshots_with_flags.views,
        snapshots_with_flags.likes,
        snapshots_with_flags.comments,
        snapshots_with_flags.shares,
        snapshots_with_flags.saves,
        snapshots_with_flags.reposts,
        snapshots_with_flags.clicks,
        snapshots_with_flags.reactions,
        snapshots_with_flags.platform_total,
        cast({{ engagements_sum('snapshots_with_flags') }} as {{ dbt.type_bigint() }}) as engagements,
        snapshots_with_flags.snapshot_date,
        snapshots_with_flags.as_of,
        snapshots_with_flags.load_id,
        snapshots_with_flags.built_at

    from snapshots_with_flags

)

select * from scored
