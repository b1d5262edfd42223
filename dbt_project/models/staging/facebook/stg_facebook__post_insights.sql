{{ stg_graph_insights(source('facebook', 'post_insights'), 'facebook', ids=['post_id', 'page_id', 'account_id']) }}
