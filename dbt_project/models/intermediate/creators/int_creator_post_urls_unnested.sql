{#-
    The posts a creator deal lists, one row per (campaign_id, creator_handle, post_url_normalized):
    stg_brand__creator_campaigns.post_urls unnested, each URL normalised (macro normalize_url) so it can
    join a post's permalink. A URL listed twice for one deal (or on two of its platform rows) is one row;
    the platform kept is the first in alphabetical order. Deals without URLs have no row.
-#}

with

creator_deals as (

    select * from {{ ref('stg_brand__creator_campaigns') }}

),

unnested as (

    select
        campaign_id,
        creator_handle,
        platform,
        {{ unnest_list('post_urls') }} as post_url

    from creator_deals

),

normalized as (

    select
        campaign_id,
        creator_handle,
        platform,
        post_url,
        {{ normalize_url('post_url') }} as post_url_normalized

    from unnested

    where post_url is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by campaign_id, creator_handle, post_url_normalized
            order by platform, post_url
        ) as url_rank

    from normalized

),

final as (

    select
        campaign_id,
        creator_handle,
        platform,
        post_url,
        post_url_normalized

    from ranked

    where url_rank = 1

)

select * from final
