-- Salespeople by name, for pickers.
with

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

final as (

    select salesperson_id as id, salesperson_name as name, department_id
    from salespeople

)

select * from final
order by name, id
