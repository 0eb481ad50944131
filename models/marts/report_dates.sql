-- The dates every report hangs on: the data's range, and the as-of date (var as_of_date, or
-- the last order date when it is empty).
with

orders as (

    select * from {{ ref('int_orders') }}

),

bounds as (

    select
        min(order_date) as first_order_date,
        max(order_date) as last_order_date

    from orders

),

final as (

    select
        first_order_date,
        last_order_date,
        {% if var('as_of_date') %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date
        {% else %}
        last_order_date as as_of_date
        {% endif %}

    from bounds

)

select * from final
