-- The Overview's grade mix per period and segment: customers and revenue per final grade and
-- their shares, as the Grades page counts them (page_grades_distribution).
with

distribution as (

    select * from {{ ref('page_grades_distribution') }}

),

final as (

    select period, dimension, member, final, customers, revenue, customer_share, revenue_share
    from distribution

)

select * from final
order by period, dimension, member, final
