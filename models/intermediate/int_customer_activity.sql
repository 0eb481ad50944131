-- Each customer's latest opportunities and service tickets as its page lists them. A step of
-- int_customer_page_sections, made apart because it reads only the opportunity and ticket exports:
-- a build whose new exports bring neither keeps it as it was.
with

opportunities as (

    select * from {{ ref('stg_opportunities') }}

),

tickets as (

    select * from {{ ref('stg_tickets') }}

),

recent_opportunities as (

    select customer_id, list({opportunity_id: opportunity_id, name: opportunity_name, stage: stage, amount: amount, probability: probability,
            close: strftime(expected_close_date, '%Y-%m-%d'), created: strftime(created_date, '%Y-%m-%d')} order by created_date desc, opportunity_id desc) as opportunities
    from (
        select * from opportunities
        qualify row_number() over (partition by customer_id order by created_date desc, opportunity_id desc) <= {{ var('customer_page_opportunities') }}
    )
    group by 1

),

recent_tickets as (

    select customer_id, list({ticket_id: ticket_id, created: strftime(created_at, '%Y-%m-%d %H:%M'), priority: priority, category: category,
            status: status, resolved: strftime(resolved_at, '%Y-%m-%d %H:%M')} order by created_at desc, ticket_id desc) as tickets
    from (
        select * from tickets
        qualify row_number() over (partition by customer_id order by created_at desc, ticket_id desc) <= {{ var('customer_page_tickets') }}
    )
    group by 1

),

final as (

    select
        coalesce(recent_opportunities.customer_id, recent_tickets.customer_id) as customer_id,
        coalesce(recent_opportunities.opportunities, []) as opportunities,
        coalesce(recent_tickets.tickets, []) as tickets

    from recent_opportunities
    full join recent_tickets on recent_opportunities.customer_id = recent_tickets.customer_id

)

select * from final
