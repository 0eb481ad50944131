-- Manual grade changes (手工调整) with who, why and until when, and the grade the rules give.
with

audit as (

    select * from {{ ref('grade_override_audit') }}

),

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),

final as (

    select audit.*, grades.final_grade as current_grade, grades.abc_grade as computed_grade
    from audit
    left join grades on grades.customer_id = audit.customer_id

)

select * from final
order by set_at desc
