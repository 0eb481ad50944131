-- Value classes (按价值分类) of the mature customers on the action list's current snapshot (the
-- 12 months to the as-of period end):
--   contribution = gross profit - carrying cost of overdue receivables (each overdue invoice's
--   open amount x var('receivable_cost_rate') x days overdue / 365, on the as-of date)
--   - service cost (tickets raised in the 12 months x var('service_cost_per_ticket'));
--   MVC (most valuable): ranked by contribution, high to low (ties by customer id), the customers
--   whose positive contribution before them is below var('mvc_share') of the total positive
--   contribution, as ABC does with revenue;
--   BZC (below zero): contribution below zero;
--   MGC (most growable): growth room high (customer_actions) and revenue above the median of
--   the mature customers, not MVC or BZC;
--   other: the rest.
with

actions as (

    select * from {{ ref('customer_actions') }} where snapshot = 0 and kind = 'mature'

),

open_amounts as (

    select * from {{ ref('int_invoice_open_amounts') }}

),

tickets as (

    select * from {{ ref('stg_tickets') }}

),

carrying as (

    select
        customer_id,
        sum(open_amount * {{ var('receivable_cost_rate') }} * date_diff('day', due_date, as_of_date) / 365.0) as carrying_cost,
        sum(open_amount) as overdue_balance

    from open_amounts
    where open_amount > 0 and due_date < as_of_date
    group by all

),

service as (

    select
        tickets.customer_id,
        count(*) as tickets

    from tickets
    inner join (select distinct month_end from actions) as window_end
        on cast(tickets.created_at as date) > window_end.month_end - interval 12 month
        and cast(tickets.created_at as date) <= window_end.month_end
    group by all

),

figures as (

    select
        actions.customer_id,
        actions.month_end,
        actions.revenue,
        actions.gross_profit,
        actions.growth_level,
        coalesce(carrying.overdue_balance, 0) as overdue_balance,
        coalesce(carrying.carrying_cost, 0) as carrying_cost,
        coalesce(service.tickets, 0) as tickets,
        coalesce(service.tickets, 0) * {{ var('service_cost_per_ticket') }} as service_cost,
        actions.gross_profit - coalesce(carrying.carrying_cost, 0) - coalesce(service.tickets, 0) * {{ var('service_cost_per_ticket') }} as contribution,
        median(actions.revenue) over () as median_revenue

    from actions
    left join carrying on carrying.customer_id = actions.customer_id
    left join service on service.customer_id = actions.customer_id

),

ranked as (

    select
        *,
        coalesce(sum(greatest(contribution, 0)) over (order by contribution desc, customer_id rows between unbounded preceding and 1 preceding), 0)
            / nullif(sum(greatest(contribution, 0)) over (), 0) as contribution_share_before

    from figures

),

final as (

    select
        *,
        case
            when contribution > 0 and contribution_share_before < {{ var('mvc_share') }} then 'MVC'
            when contribution < 0 then 'BZC'
            when growth_level = 'high' and revenue > median_revenue then 'MGC'
            else 'other'
        end as value_class

    from ranked

)

select * from final
