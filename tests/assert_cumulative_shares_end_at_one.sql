-- The last-ranked customer or entity brings the cumulative share to 1 (when there is any value).
select 'customer_grades' as model, period, max(cumulative_share) as last_share
from {{ ref('customer_grades') }}
group by period
having abs(max(cumulative_share) - 1) > 1e-9
union all
select 'pareto', period || ' ' || entity || ' ' || measure, max(cumulative_value_share)
from {{ ref('pareto') }}
group by period, entity, measure
having max(cumulative_value_share) is not null and abs(max(cumulative_value_share) - 1) > 1e-9
