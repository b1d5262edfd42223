with

source as (

    select * from {{ source('brand', 'comments') }}

),

renamed as (

    select

        ---------- ids
        cast(comment_id as {{ dbt.type_string() }}) as comment_id,
        cast(parent_comment_id as {{ dbt.type_string() }}) as parent_comment_id,
        cast(post_id as {{ dbt.type_string() }}) as post_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        platform,
        commenter_hash,

        ---------- booleans
        is_brand_reply,
        parent_comment_id is not null as is_reply,

        ---------- strings (verbatim)
        text as comment_text,

        ---------- numerics
        like_count,

        ---------- dates
        _snapshot_date as snapshot_date,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('created_at') }} as created_at,
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
