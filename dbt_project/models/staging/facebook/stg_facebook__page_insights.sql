{{ stg_graph_insights(source('facebook', 'page_insights'), 'facebook', ids=['page_id', 'account_id'], daily=true) }}
