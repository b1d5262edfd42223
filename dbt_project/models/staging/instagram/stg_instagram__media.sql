with

source as (

    select * from {{ source('instagram', 'media') }}

),

renamed as (

    select

        ---------- ids
        cast(media_id as {{ dbt.type_string() }}) as media_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'instagram' as platform,
        cast(ig_id as {{ dbt.type_string() }}) as legacy_media_id,

        ---------- strings
        username,
        caption,
        media_type,
        media_product_type,
        permalink as media_permalink,
        shortcode,
        media_url,
        thumbnail_url,
        children_ids,

        ---------- lifetime counters at as_of (organic only)
        like_count as likes,
        comments_count as comments,
        children_count,

        ---------- booleans
        is_comment_enabled,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('"timestamp"') }} as published_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
