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
        {{ var('sla_days_other') }} as sla_days_other,
        {{ var('strategy_mature_months') }} as strategy_mature_months,
        {{ var('phase_out_late_invoices') }} as phase_out_late_invoices,
        {{ var('phase_out_late_days') }} as phase_out_late_days,
        {{ var('suspend_share') }} as suspend_share,
        {{ var('strategy_weight_sales') }} as strategy_weight_sales,
        {{ var('strategy_weight_collection') }} as strategy_weight_collection,
        {{ var('strategy_weight_growth') }} as strategy_weight_growth,
        {{ var('review_share') }} as review_share,
        {{ var('mvc_share') }} as mvc_share,
        {{ var('receivable_cost_rate') }} as receivable_cost_rate,
        {{ var('service_cost_per_ticket') }} as service_cost_per_ticket,
        {{ var('churn_min_orders') }} as churn_min_orders,
        {{ var('churn_gap_factor') }} as churn_gap_factor,
        {{ var('churn_window_months') }} as churn_window_months,
        {{ var('churn_drop') }} as churn_drop,
        {{ var('coverage_a_per_owner') }} as coverage_a_per_owner,
        {{ var('coverage_b_per_owner') }} as coverage_b_per_owner,
        {{ var('coverage_c_per_owner') }} as coverage_c_per_owner,
        {{ var('coverage_max_a_per_owner') }} as coverage_max_a_per_owner

)

select * from final
