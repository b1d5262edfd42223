with

source as (

    select * from {{ source('meta_business_suite', 'daily_metrics') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        platform,
        metric,

        ---------- strings
        metric_title,

        ---------- numerics
        value as metric_value,
        content_monetization,
        stars,
        subscriptions,

        ---------- dates
        -- the account's day: the file writes a midnight without a time zone
        cast({{ adapter.quote('date') }} as date) as metric_date,
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
