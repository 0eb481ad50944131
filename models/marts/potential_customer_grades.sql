-- Prospects (潜在客户: customers with open opportunities and no order yet) graded A-D by how
-- likely they are to close. See potential_customer_grades.yml for the rule.
with

opportunities as (

    select * from {{ ref('stg_opportunities') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

orders as (

    select * from {{ ref('int_orders') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

prospects as (

    select
        opportunities.customer_id,
        coalesce(any_value(customers.customer_name), any_value(opportunities.customer_name), opportunities.customer_id) as customer_name,
        count(*) filter (where opportunities.is_open) as open_opportunities,
        sum(opportunities.amount) filter (where opportunities.is_open) as open_amount,
        sum(opportunities.amount * opportunities.probability) filter (where opportunities.is_open) as weighted_amount,
        max(opportunities.stage_order) filter (where opportunities.is_open) as furthest_stage_order,
        max(opportunities.created_date) as last_opportunity_date,
        count(*) filter (where opportunities.stage = 'lost') as lost_opportunities

    from opportunities
    left join customers on opportunities.customer_id = customers.customer_id
    where opportunities.customer_id is not null
        and opportunities.customer_id not in (select customer_id from orders)
    group by opportunities.customer_id
    having count(*) filter (where opportunities.is_open) > 0

),

scored as (

    select
        prospects.*,
        case furthest_stage_order when 1 then 'lead' when 2 then 'qualified' when 3 then 'proposal' else 'negotiation' end as furthest_stage,
        date_diff('day', last_opportunity_date, dates.as_of_date) as days_since_last_opportunity,
        round(
            50 * percent_rank() over (order by weighted_amount)
            + 30 * (furthest_stage_order - 1) / 3.0
            + 20 * greatest(0, 1 - greatest(date_diff('day', last_opportunity_date, dates.as_of_date), 0) / 365.0),
        2) as score

    from prospects
    cross join dates

),

final as (

    select
        customer_id,
        customer_name,
        open_opportunities,
        open_amount,
        weighted_amount,
        furthest_stage,
        last_opportunity_date,
        days_since_last_opportunity,
        lost_opportunities,
        score,
        case when score >= 70 then 'A' when score >= 50 then 'B' when score >= 30 then 'C' else 'D' end as grade

    from scored

)

select * from final
