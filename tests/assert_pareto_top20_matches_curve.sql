-- top20_value_share is the cumulative value share at rank ceil(0.2 n).
select p.period, p.entity, p.measure, p.top20_value_share, p.cumulative_value_share
from {{ ref('pareto') }} as p
where p.rank = p.top20_entity_count
    and abs(coalesce(p.top20_value_share, 0) - coalesce(p.cumulative_value_share, 0)) > 1e-9
