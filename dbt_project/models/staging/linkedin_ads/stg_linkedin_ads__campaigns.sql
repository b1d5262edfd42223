with

source as (

    select * from {{ source('linkedin_ads', 'campaigns') }}

),

renamed as (

    select

        cast(account_id as {{ dbt.type_string() }}) as account_id,
        account_name,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        campaign_name,
        campaign_group_name,
        campaign_type,
        campaign_objective,
        campaign_status,
        campaign_start_date,
        campaign_end_date,
        start_date,
        currency,
        total_spent as spend,
        impressions,
        clicks,
        average_ctr,
        average_cpm,
        average_cpc,
        reach,
        reactions,
        comments,
        shares,
        follows,
        other_clicks,
        total_social_actions,
        total_engagements,
        engagement_rate,
        clicks_to_landing_page,
        clicks_to_linkedin_page,
        viral_impressions,
        viral_clicks,
        leads,
        lead_forms_opened,
        conversions,
        'linkedin' as platform,
        _snapshot_date as snapshot_date,
        {{ as_utc_timestamp('_as_of') }} as as_of,
        _load_id as load_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
