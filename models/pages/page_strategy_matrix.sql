-- The differentiation matrix as the Customer strategy page draws it: each mature customer's share,
-- upcoming purchase, basis and quadrant (customer_share_matrix), with its name.
with

matrix as (

    select * from {{ ref('customer_share_matrix') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

final as (

    select
        matrix.customer_id as id,
        customers.customer_name as name,
        matrix.share_basis,
        matrix.share,
        matrix.upcoming,
        matrix.revenue,
        matrix.share_split,
        matrix.upcoming_split,
        matrix.quadrant

    from matrix
    inner join customers on customers.customer_id = matrix.customer_id

)

select * from final
order by share_basis, quadrant, upcoming desc, revenue desc, id
