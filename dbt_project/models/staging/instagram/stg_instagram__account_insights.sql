{{ stg_graph_insights(source('instagram', 'account_insights'), 'instagram', ids=['account_id'], daily=true) }}
