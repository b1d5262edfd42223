with

source as (

    select * from {{ source('x_ads', 'promoted_tweets') }}

),

renamed as (

    select

        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(ad_group_id as {{ dbt.type_string() }}) as ad_group_id,
        cast(tweet_id as {{ dbt.type_string() }}) as tweet_id,
        placement,
        period_start,
        period_end,
        tweet_text,
        tweet_status,
        tweet_publish_time as published_at_local,
        impressions,
        currency,
        spend,
        likes,
        retweets,
        replies,
        link_clicks,
        'x' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
