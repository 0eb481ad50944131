-- Coverage per owner (salesperson_coverage) for the Customer strategy page, most owners needed first.
with

coverage as (

    select * from {{ ref('salesperson_coverage') }}

),

final as (

    select * from coverage

)

select * from final
order by owners_needed desc, salesperson_id
