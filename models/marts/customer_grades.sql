-- Customer grades per period (客户分级). See customer_grades.yml for the rules.
with

periods as (

    select * from {{ ref('periods') }}

),

-- A customer's sales per period (int_period_member_sales: its orders', counted without a distinct).
customer_sales as (

    select * from {{ ref('int_period_member_sales') }} where dimension = 'customer'

),

credit as (

    select * from {{ ref('customer_credit') }}

),

overrides as (

    select * from {{ ref('grade_override_audit') }} where status = 'applied'

),

customer_period as (

    select
        periods.period,
        periods.is_current,
        customer_sales.member_id as customer_id,
        customer_sales.member_name as customer_name,
        customer_sales.revenue,
        customer_sales.gross_profit,
        customer_sales.order_count

    from customer_sales
    inner join periods on customer_sales.period = periods.period

),

ranked as (

    select
        *,
        row_number() over (partition by period order by revenue desc, customer_id) as revenue_rank,
        count(*) over (partition by period) as customer_count,
        sum(greatest(revenue, 0)) over (partition by period) as period_revenue

    from customer_period

),

shares as (

    select
        *,
        coalesce(sum(greatest(revenue, 0)) over (
            partition by period order by revenue_rank rows between unbounded preceding and 1 preceding
        ), 0) / nullif(period_revenue, 0) as cumulative_share_before,
        sum(greatest(revenue, 0)) over (
            partition by period order by revenue_rank rows between unbounded preceding and current row
        ) / nullif(period_revenue, 0) as cumulative_share

    from ranked

),

abc as (

    select
        *,
        case
            when revenue <= 0 then 'C'
            when cumulative_share_before < {{ var('abc_a_cut') }} then 'A'
            when cumulative_share_before < {{ var('abc_b_cut') }} then 'B'
            else 'C'
        end as abc_grade

    from shares

),

components as (

    select
        abc.*,
        coalesce(credit.credit_score, {{ var('credit_score_no_history') }}) as credit_score,
        credit.credit_score is null as has_no_payment_history,
        credit.avg_days_late,
        round(100 * percent_rank() over (partition by abc.period order by abc.revenue), 2) as revenue_score,
        round(100 * percent_rank() over (partition by abc.period order by coalesce(abc.gross_profit, 0)), 2) as profit_score

    from abc
    left join credit on abc.period = credit.period and abc.customer_id = credit.customer_id

),

-- Each component's points on the 100-point base: its score times its weight's share of the weights.
weighted as (

    select
        *,
        {{ var('score_weight_credit') }} * credit_score / ({{ var('score_weight_credit') }} + {{ var('score_weight_revenue') }} + {{ var('score_weight_profit') }}) as credit_points,
        {{ var('score_weight_revenue') }} * revenue_score / ({{ var('score_weight_credit') }} + {{ var('score_weight_revenue') }} + {{ var('score_weight_profit') }}) as revenue_points,
        {{ var('score_weight_profit') }} * profit_score / ({{ var('score_weight_credit') }} + {{ var('score_weight_revenue') }} + {{ var('score_weight_profit') }}) as profit_points

    from components

),

scored as (

    select
        *,
        round(credit_points + revenue_points + profit_points, 2) as score

    from weighted

),

score_ranked as (

    select
        *,
        row_number() over (partition by period order by score desc, customer_id) as score_rank

    from scored

),

graded as (

    select
        *,
        case
            when (score_rank - 1) / customer_count < {{ var('score_a_cut') }} then 'A'
            when (score_rank - 1) / customer_count < {{ var('score_b_cut') }} then 'B'
            when (score_rank - 1) / customer_count < {{ var('score_c_cut') }} then 'C'
            else 'D'
        end as score_grade

    from score_ranked

),

final as (

    select
        graded.customer_id,
        graded.customer_name,
        graded.period,
        graded.revenue,
        graded.gross_profit,
        graded.gross_profit / nullif(graded.revenue, 0) as margin_rate,
        graded.order_count,
        graded.revenue_rank,
        graded.customer_count,
        graded.cumulative_share_before,
        graded.cumulative_share,
        graded.abc_grade,
        graded.credit_score,
        graded.has_no_payment_history,
        graded.avg_days_late,
        graded.revenue_score,
        graded.profit_score,
        graded.credit_points,
        graded.revenue_points,
        graded.profit_points,
        graded.score,
        graded.score_rank,
        graded.score_grade,
        overrides.customer_id is not null and graded.is_current as is_override,
        case when graded.is_current then overrides.grade end as override_grade,
        case when graded.is_current then overrides.reason end as override_reason,
        coalesce(
            case when graded.is_current then overrides.grade end,
            {% if var('grading_method') == 'score' %}graded.score_grade{% else %}graded.abc_grade{% endif %}
        ) as final_grade

    from graded
    left join overrides on graded.customer_id = overrides.customer_id

)

select * from final
