-- Stages are ordered lead (1) to negotiation (4), won (5); lost opportunities have order 0.
-- A missing probability is the stage's usual one.
with

source as (

    select * from {{ source('tierboard', 'opportunities') }}

),

final as (

    select
        opportunity_id,
        customer_id,
        customer_name,
        opportunity_name,
        stage,
        case stage
            when 'lead' then 1 when 'qualified' then 2 when 'proposal' then 3
            when 'negotiation' then 4 when 'won' then 5 else 0
        end as stage_order,
        stage not in ('won', 'lost') as is_open,
        coalesce(amount, 0) as amount,
        coalesce(
            probability,
            case stage
                when 'lead' then 0.10 when 'qualified' then 0.25 when 'proposal' then 0.50
                when 'negotiation' then 0.75 when 'won' then 1.00 else 0.00
            end
        ) as probability,
        expected_close_date,
        created_date,
        closed_date,
        salesperson_id

    from source

)

select * from final
