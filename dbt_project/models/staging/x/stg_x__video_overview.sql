with

source as (

    select * from {{ source('x', 'video_overview') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'x' as platform,

        ---------- strings
        currency as estimated_revenue_currency,

        ---------- dates
        date as activity_date,

        ---------- numerics: watching
        views,
        watch_time_ms,
        completion_rate,
        average_watch_time_ms,

        ---------- numerics: money, in estimated_revenue_currency
        estimated_revenue,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
