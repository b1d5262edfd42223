with

source as (

    select * from {{ source('brand', 'orders') }}

),

renamed as (

    select

        ---------- ids
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        customer_hash,

        ---------- strings
        order_type,
        order_type = 'refund' as is_refund,
        currency,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        discount_code,
        -- case-folded forms to join on: UTMs and codes are typed by people in varying case
        lower(utm_source) as utm_source_normalized,
        lower(utm_medium) as utm_medium_normalized,
        lower(utm_campaign) as utm_campaign_normalized,
        upper(discount_code) as discount_code_normalized,

        ---------- numerics: money, in currency (negative for a refund)
        revenue,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('ordered_at') }} as ordered_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
