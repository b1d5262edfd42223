with

source as (

    select * from {{ source('linkedin', 'follower_demographics') }}

),

renamed as (

    select

        cast(account_id as {{ dbt.type_string() }}) as account_id,
        dimension,
        value,
        total_followers,
        'linkedin' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
