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
        end as counts_{{ component }}{{ ',' if not loop.last }}
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
        platform,
        account_id,
        post_id,
        source,
        post_type,
        permalink,
        published_at,
        is_published_at_utc,
        impressions,
        reach,
        views,
        likes,
        comments,
        shares,
        saves,
        reposts,
        clicks,
        reactions,
        platform_total,
        cast({{ engagements_sum('snapshots_with_flags') }} as {{ dbt.type_bigint() }}) as engagements,
        snapshot_date,
        as_of,
        load_id

    from snapshots_with_flags

)

select * from scored
