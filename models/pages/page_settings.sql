-- The vars pages explain their rules with (cuts, weights, fiscal calendar), as this run used them.
with

final as (

    select
        '{{ var("as_of_date") }}' as as_of_date,
        '{{ var("grading_method") }}' as grading_method,
        {{ var('abc_a_cut') }} as abc_a_cut,
        {{ var('abc_b_cut') }} as abc_b_cut,
        {{ var('score_weight_credit') }} as score_weight_credit,
        {{ var('score_weight_revenue') }} as score_weight_revenue,
        {{ var('score_weight_profit') }} as score_weight_profit,
        {{ var('score_a_cut') }} as score_a_cut,
        {{ var('score_b_cut') }} as score_b_cut,
        {{ var('score_c_cut') }} as score_c_cut,
        {{ var('credit_score_no_history') }} as credit_score_no_history,
        {{ var('topn_limit') }} as topn_limit,
        {{ var('fiscal_year_start_month') }} as fiscal_year_start_month,
        '{{ var("week_start") }}' as week_start,
        {{ var('sla_days_a') }} as sla_days_a,
        {{ var('sla_days_other') }} as sla_days_other

)

select * from final
