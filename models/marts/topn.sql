-- TopN (Top N 报表): per period, dimension and metric, the top var('topn_limit') members with
-- rank (ties by id), value, share of the total, and the previous period's value and rank.
{% set customer_dims = [
    ['customer', 'customer_id', 'customer_name'],
    ['salesperson', 'salesperson_id', 'salesperson_name'],
    ['department', 'department_id', 'department_name'],
    ['region', 'region', 'region']
] %}
with

periods as (

    select * from {{ ref('periods') }}

),

-- A customer's receipts summed per period before its attributes are joined.
customer_receipts as (

    select * from {{ ref('int_period_customer_receipts') }}

),

-- Open balances at each balance date, by int_customer_balances' rule.
customer_balances as (

    select * from {{ ref('int_customer_balances') }}

),

-- Customers with the attributes receipts and receivables are credited by (the owner's).
customer_attributes as (

    select * from {{ ref('customer_segments') }}

),

-- Each member's sales per period.
sales as (

    select * from {{ ref('int_period_member_sales') }}

),

receipts_in_period as (

    select customer_receipts.period, customer_attributes.*, customer_receipts.receipts
    from customer_receipts
    inner join customer_attributes on customer_receipts.customer_id = customer_attributes.customer_id

),

balances_in_period as (

    select periods.period, customer_attributes.*, customer_balances.open_balance as open_amount
    from customer_balances
    inner join periods on customer_balances.balance_date = periods.period_end
    inner join customer_attributes on customer_balances.customer_id = customer_attributes.customer_id
    where customer_balances.open_balance > 0

),

customer_metrics as (

    {% for d in customer_dims %}
    select period, '{{ d[0] }}' as dimension, {{ d[1] }} as member_id, any_value({{ d[2] }}) as member_name,
        'receipts' as metric, sum(receipts) as value
    from receipts_in_period group by period, {{ d[1] }}
    union all
    select period, '{{ d[0] }}', {{ d[1] }}, any_value({{ d[2] }}), 'receivables_balance', sum(open_amount)
    from balances_in_period group by period, {{ d[1] }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

metric_values as (

    select period, dimension, member_id, member_name, 'revenue' as metric, revenue as value from sales
    union all
    select period, dimension, member_id, member_name, 'gross_profit', gross_profit from sales
    union all
    select period, dimension, member_id, member_name, 'margin_rate', gross_profit / nullif(revenue, 0) from sales
    union all
    select period, dimension, member_id, member_name, 'quantity', quantity from sales
    union all
    select period, dimension, member_id, member_name, 'order_count', order_count from sales
    union all
    select * from customer_metrics

),

ranked as (

    select
        *,
        row_number() over (partition by period, dimension, metric order by value desc nulls last, member_id) as rank,
        count(*) over (partition by period, dimension, metric) as member_count,
        -- A share of a total makes no sense for a rate.
        case when metric <> 'margin_rate' then value / nullif(sum(value) over (partition by period, dimension, metric), 0) end as share_of_total

    from metric_values

),

final as (

    select
        ranked.period,
        ranked.dimension,
        ranked.metric,
        ranked.rank,
        ranked.member_id,
        ranked.member_name,
        ranked.value,
        ranked.share_of_total,
        ranked.member_count,
        previous.value as prev_value,
        previous.rank as prev_rank,
        previous.rank - ranked.rank as rank_change

    from ranked
    inner join periods on ranked.period = periods.period
    left join ranked as previous
        on previous.period = periods.previous_period
        and previous.dimension = ranked.dimension
        and previous.metric = ranked.metric
        and previous.member_id = ranked.member_id
    where ranked.rank <= {{ var('topn_limit') }}
        and periods.period_type <> 'comparison'

)

select * from final
