with

source as (

    select * from {{ source('youtube', 'studio_chart') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'youtube' as platform,

        ---------- strings: the view's dimension and metric, as Studio named them
        dimension,
        dimension_value,
        metric,

        ---------- numerics (the metric's own unit)
        value as metric_value,

        ---------- dates
        date as report_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
