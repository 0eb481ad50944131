-- The Overview's receivables card per segment: the Receivables page's totals on the as-of date.
with

totals as (

    select * from {{ ref('page_receivables_totals') }}

),

final as (

    select dimension, member, open_balance, overdue_balance, overdue_over_90 as over_90, overdue_customers, as_of_date
    from totals

)

select * from final
order by dimension, member
