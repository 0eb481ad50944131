-- Service against the promised resolution time per period and grade (service_sla), grades in
-- their reading order (A to D, then customers without sales) for the Targets & service page.
with

sla as (

    select * from {{ ref('service_sla') }}

),

final as (

    select
        *,
        case grade when 'A' then 1 when 'B' then 2 when 'C' then 3 when 'D' then 4 else 5 end as grade_order

    from sla

)

select * from final
order by period, grade_order
