with

source as (

    select * from {{ source('x', 'account_overview') }}

),

renamed as (

    select

        ---------- ids
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        'x' as platform,

        ---------- dates
        date as activity_date,

        ---------- counts of the day (NULL where X left the cell empty)
        impressions,
        likes,
        engagements,
        bookmarks,
        shares,
        new_follows,
        unfollows,
        replies,
        reposts,
        profile_visits,
        create_post,
        video_views,
        media_views,

        ---------- timestamps (UTC)
        {{ as_utc_timestamp('_as_of') }} as as_of,

        ---------- lineage
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
