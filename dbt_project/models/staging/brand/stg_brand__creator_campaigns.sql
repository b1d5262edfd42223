with

source as (

    select * from {{ source('brand', 'creator_campaigns') }}

),

renamed as (

    select

        ---------- ids
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        creator_handle,
        platform,

        ---------- strings
        currency,
        promo_code,
        upper(promo_code) as promo_code_normalized,
        utm_campaign,
        lower(utm_campaign) as utm_campaign_normalized,
        post_urls,

        ---------- numerics
        followers_at_signing,

        ---------- numerics: money, in currency (the deal's cost parts, NULL when not recorded)
        fee as creator_fee,
        product_cost,
        agency_fee,

        ---------- dates (ends_on inclusive, NULL while ongoing)
        starts_on,
        ends_on,
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
