-- Lost customers (流失客户) per period: graded in the period before and not in this one
-- (grade_moves' 'lost'), with their revenue and grade then, the last order, their lifetime value,
-- the balance still open on the as-of date and the owner.
with

moves as (

    select * from {{ ref('grade_moves') }} where movement = 'lost'

),

lifetime as (

    select * from {{ ref('customer_lifetime_value') }}

),

aging as (

    select * from {{ ref('receivables_aging') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),


final as (

    select
        moves.to_period as period,
        moves.from_period,
        moves.customer_id as id,
        customers.customer_name as name,
        moves.from_grade as grade_then,
        moves.from_revenue as revenue_then,
        lifetime.last_order_date,
        lifetime.lifetime_revenue,
        lifetime.lifetime_gross_profit,
        coalesce(aging.open_balance, 0) as open_balance,
        {{ published('owner_id', 'customers.owner_name') }} as owner

    from moves
    inner join customers on customers.customer_id = moves.customer_id
    left join lifetime on lifetime.customer_id = moves.customer_id
    left join aging on aging.customer_id = moves.customer_id

)

select * from final
order by period, revenue_then desc, id
