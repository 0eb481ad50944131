-- The report periods a page offers (the comparison period T12M-1 is only a previous period):
-- the trailing twelve months first, then years from the latest.
with

periods as (

    select * from {{ ref('periods') }}

),

final as (

    select period, period_start, period_end, previous_period, is_partial, period_type
    from periods
    where period_type <> 'comparison'

)

select * from final
order by period_type = 'trailing' desc, period desc
