-- New-customer cohorts (customer_cohorts) for the retention table: one row per cohort quarter
-- and quarter since, offsets from 0.
with

cohorts as (

    select * from {{ ref('customer_cohorts') }}

),

final as (

    select
        strftime(cohort_quarter, '%Y') || '-Q' || quarter(cohort_quarter) as cohort,
        cohort_quarter,
        quarter_offset,
        cohort_customers,
        active_customers,
        retention

    from cohorts

)

select * from final
order by cohort_quarter, quarter_offset
