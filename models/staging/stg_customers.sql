-- Customers as the CRM exports them, renamed; contact details (contact person, phone, e-mail,
-- address) stay in the raw table: nothing downstream needs them, so nothing can publish them.
-- int_customers adds the owner's department and the region fallback.
with

source as (

    select * from {{ source('tierboard', 'customers') }}

),

final as (

    select
        customer_id,
        coalesce(customer_name, customer_id) as customer_name,
        coalesce(customer_type, 'unknown') as customer_type,
        coalesce(industry, 'unknown') as industry,
        coalesce(province, 'unknown') as province,
        coalesce(city, 'unknown') as city,
        region,
        coalesce(employee_size, 'unknown') as employee_size,
        coalesce(source, 'unknown') as lead_source,
        owner_id as salesperson_id,
        created_date,
        credit_limit,
        payment_terms_days,
        purchase_potential

    from source

)

select * from final
