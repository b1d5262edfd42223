with

source as (

    select * from {{ source('instagram', 'media_insights') }}

),

renamed as (

    select

        ---------- ids
        cast(media_id as {{ dbt.type_string() }}) as media_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'instagram' as platform,

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
        -- Meta reports reel watch times in milliseconds; every other media metric is a count
        case
            when metric in ('ig_reels_avg_watch_time', 'ig_reels_video_view_total_time') then 'milliseconds'
            else 'count'
        end as value_unit,

        ---------- dates
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
