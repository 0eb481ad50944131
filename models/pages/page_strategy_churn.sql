-- Churn warnings (customer_churn) with the owner, ranked by revenue at risk.
with

churn as (

    select * from {{ ref('customer_churn') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),


final as (

    select
        churn.*,
        {{ published('owner_id', 'customers.owner_name') }} as owner

    from churn
    inner join customers on customers.customer_id = churn.customer_id

)

select * from final
order by risk_rank
