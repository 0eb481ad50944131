-- The TopN page's rankings (topn).
with

topn as (

    select * from {{ ref('topn') }}

),

final as (

    select period, dimension, metric, rank, member_id, member_name, value, share_of_total, prev_value, prev_rank
    from topn

)

select * from final
order by period, dimension, metric, rank
