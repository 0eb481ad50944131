-- The monthly action list (客户动态表, from 5S customer management), per month-end snapshot.
-- Mature customers are rated high / middle / low (by thirds of the percent rank within the
-- snapshot) on sales (revenue in the 12 months), collection speed (回款速率: share of the amount
-- due paid on time, then fewer days late; no invoice due: middle) and growth room (增长空间: the
-- mean of the percent ranks of YoY growth, undefined as 0, and open weighted pipeline over
-- revenue). The action class is the first that matches:
--   phase_out  collection low in this window and the 12 months before, or more than
--              var('phase_out_late_invoices') invoices paid over var('phase_out_late_days') days late;
--   suspended  only returns, no net sales, or among the customers bringing the bottom
--              var('suspend_share') of revenue;
--   custodial  growth room low;
--   key        sales high and collection not low;
--   develop    the rest.
-- A valid override with an action_class (seeds/grade_overrides.csv) pins the class, with its reason.
-- rating (0-100) = the percent ranks weighted by var('strategy_weight_*'); the bottom
-- var('review_share') of each class by rating is flagged for review (整顿), except customers with a
-- valid override. Prospects (open pipeline, never a sale in the window) are rated on forecast
-- volume, development difficulty and financial standing: suspended when any of them is weak,
-- else develop.
with

figures as (

    select * from {{ ref('int_customer_strategy_figures') }}

),

prospect_grades as (

    select * from {{ ref('potential_customer_grades') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

overrides as (

    select * from {{ ref('grade_override_audit') }} where status = 'applied'

),

pins as (

    -- action_class is optional: a seed written before it existed has no such column.
    select customer_id, nullif(to_json(grade_overrides) ->> 'action_class', '') as action_class
    from {{ ref('grade_overrides') }} as grade_overrides

),

mature as (

    select
        *,
        percent_rank() over (partition by snapshot order by revenue) as sales_rank,
        case when amount_due > 0 then percent_rank() over (partition by snapshot, amount_due > 0 order by on_time_share, avg_days_late desc) end as collection_rank,
        case when prev_on_time_share is not null then percent_rank() over (partition by snapshot, prev_on_time_share is not null order by prev_on_time_share) end as prev_collection_rank,
        percent_rank() over (partition by snapshot order by coalesce(revenue_growth_rate, 0)) as yoy_rank,
        percent_rank() over (partition by snapshot order by case when revenue > 0 then weighted_pipeline / revenue when weighted_pipeline > 0 then 1e9 else 0 end) as pipeline_rank,
        sum(revenue) over (partition by snapshot order by revenue, customer_id rows unbounded preceding)
            / nullif(sum(revenue) over (partition by snapshot), 0) as cumulative_share_from_bottom

    from figures
    where is_mature

),

levels as (

    select
        *,
        (yoy_rank + pipeline_rank) / 2 as growth_score,
        case when sales_rank >= 2 / 3 then 'high' when sales_rank >= 1 / 3 then 'middle' else 'low' end as sales_level,
        case when collection_rank is null then 'middle' when collection_rank >= 2 / 3 then 'high' when collection_rank >= 1 / 3 then 'middle' else 'low' end as collection_level,
        coalesce(prev_collection_rank < 1 / 3, false) as was_collection_low

    from mature

),

rated as (

    select
        *,
        percent_rank() over (partition by snapshot order by growth_score) as growth_rank

    from levels

),

classed as (

    select
        rated.*,
        'mature' as kind,
        case when growth_rank >= 2 / 3 then 'high' when growth_rank >= 1 / 3 then 'middle' else 'low' end as growth_level,
        case
            when collection_level = 'low' and was_collection_low then 'slow_collection_twice'
            when late_invoices > {{ var('phase_out_late_invoices') }} then 'late_invoices'
            when is_returns_only then 'returns_only'
            when revenue <= 0 then 'no_sales'
            when cumulative_share_from_bottom <= {{ var('suspend_share') }} then 'bottom_share'
            when growth_rank < 1 / 3 then 'low_growth_room'
            when sales_level = 'high' and collection_level <> 'low' then 'high_sales'
            else 'rest'
        end as reason_code,
        round(100 * (
            {{ var('strategy_weight_sales') }} * sales_rank
            + {{ var('strategy_weight_collection') }} * coalesce(collection_rank, 0.5)
            + {{ var('strategy_weight_growth') }} * growth_rank
        ) / ({{ var('strategy_weight_sales') }} + {{ var('strategy_weight_collection') }} + {{ var('strategy_weight_growth') }}), 1) as rating

    from rated

),

prospects as (

    select
        figures.*,
        'potential' as kind,
        prospect_grades.lost_opportunities,
        prospect_grades.days_since_last_opportunity,
        prospect_grades.furthest_stage,
        customers.credit_limit,
        percent_rank() over (partition by figures.snapshot order by figures.weighted_pipeline) as forecast_rank,
        -- Harder: longer since the last opportunity, more lost ones.
        percent_rank() over (partition by figures.snapshot order by coalesce(prospect_grades.days_since_last_opportunity, 0) + 180 * coalesce(prospect_grades.lost_opportunities, 0)) as difficulty_rank,
        case when customers.credit_limit is not null then percent_rank() over (partition by figures.snapshot, customers.credit_limit is null order by customers.credit_limit) end as standing_rank

    from figures
    left join prospect_grades on prospect_grades.customer_id = figures.customer_id
    left join customers on customers.customer_id = figures.customer_id
    where not figures.is_mature and figures.weighted_pipeline > 0

),

prospects_classed as (

    select
        *,
        case
            when forecast_rank < 1 / 3 then 'small_forecast'
            when difficulty_rank >= 2 / 3 then 'hard_development'
            when standing_rank < 1 / 3 then 'weak_standing'
            else 'prospect'
        end as reason_code,
        round(100 * (forecast_rank + (1 - difficulty_rank) + coalesce(standing_rank, 0.5)) / 3, 1) as rating

    from prospects

),

all_rated as (

    select
        snapshot, month_end, customer_id, kind, revenue, gross_profit, prev_revenue, revenue_growth_rate, orders, last_order_date,
        on_time_share, avg_days_late, late_invoices, prev_on_time_share, weighted_pipeline,
        sales_level, collection_level, growth_level, null::varchar as forecast_level, null::varchar as difficulty_level, null::varchar as standing_level,
        reason_code, rating

    from classed

    union all by name

    select
        snapshot, month_end, customer_id, kind, revenue, gross_profit, prev_revenue, revenue_growth_rate, orders, last_order_date,
        on_time_share, avg_days_late, late_invoices, prev_on_time_share, weighted_pipeline,
        null as sales_level, null as collection_level, null as growth_level,
        case when forecast_rank >= 2 / 3 then 'high' when forecast_rank >= 1 / 3 then 'middle' else 'low' end as forecast_level,
        case when difficulty_rank >= 2 / 3 then 'high' when difficulty_rank >= 1 / 3 then 'middle' else 'low' end as difficulty_level,
        case when standing_rank is null then 'unknown' when standing_rank >= 2 / 3 then 'high' when standing_rank >= 1 / 3 then 'middle' else 'low' end as standing_level,
        reason_code, rating

    from prospects_classed

),

with_class as (

    select
        all_rated.*,
        case
            when pins.action_class is not null and overrides.customer_id is not null then 'pinned'
            else all_rated.reason_code
        end as class_reason,
        coalesce(
            case when overrides.customer_id is not null then pins.action_class end,
            case
                when all_rated.reason_code in ('slow_collection_twice', 'late_invoices') then 'phase_out'
                when all_rated.reason_code in ('returns_only', 'no_sales', 'bottom_share', 'small_forecast', 'hard_development', 'weak_standing') then 'suspended'
                when all_rated.reason_code = 'low_growth_room' then 'custodial'
                when all_rated.reason_code = 'high_sales' then 'key'
                else 'develop'
            end
        ) as action_class,
        overrides.customer_id is not null as has_override,
        overrides.reason as override_reason

    from all_rated
    left join overrides on overrides.customer_id = all_rated.customer_id
    left join pins on pins.customer_id = all_rated.customer_id and overrides.customer_id is not null

),

final as (

    select
        *,
        row_number() over (partition by snapshot, action_class order by rating desc, customer_id) as class_rank,
        not has_override
            and row_number() over (partition by snapshot, action_class order by rating, customer_id desc)
                <= floor(count(*) over (partition by snapshot, action_class) * {{ var('review_share') }}) as is_review

    from with_class

)

select * from final
