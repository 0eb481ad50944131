-- Contact details (contact person, phone, e-mail, address) stay in the raw table: nothing
-- downstream needs them, so nothing downstream can publish them.
with

source as (

    select * from {{ source('tierboard', 'customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

final as (

    select
        source.customer_id,
        coalesce(source.customer_name, source.customer_id) as customer_name,
        coalesce(source.customer_type, 'unknown') as customer_type,
        coalesce(source.industry, 'unknown') as industry,
        coalesce(source.province, 'unknown') as province,
        coalesce(source.city, 'unknown') as city,
        -- The customer's own region, else the region its owner's department covers, else its province.
        coalesce(source.region, departments.region, source.province, 'unknown') as region,
        coalesce(source.employee_size, 'unknown') as employee_size,
        coalesce(source.source, 'unknown') as lead_source,
        source.owner_id as salesperson_id,
        salespeople.department_id,
        source.created_date,
        source.credit_limit,
        source.payment_terms_days

    from source
    left join salespeople on source.owner_id = salespeople.salesperson_id
    left join departments on salespeople.department_id = departments.department_id

)

select * from final
