-- Churn warnings (customer_churn) with the owner, ranked by revenue at risk.
with

churn as (

    select * from {{ ref('customer_churn') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

final as (

    select
        churn.*,
        {{ published('owner_id', 'coalesce(salespeople.salesperson_name, customers.salesperson_id)') }} as owner

    from churn
    inner join customers on customers.customer_id = churn.customer_id
    left join salespeople on salespeople.salesperson_id = customers.salesperson_id

)

select * from final
order by risk_rank
