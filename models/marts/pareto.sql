-- Pareto (80/20, 二八法则) curves per period, entity (customer, product, salesperson) and measure
-- (revenue, gross_profit). Values at or below zero count as zero in the shares, so the
-- cumulative share never decreases and ends at 1.
with

-- Each member's sales per period (int_period_member_sales): customers and salespeople the
-- orders', products the lines'.
member_sales as (

    select * from {{ ref('int_period_member_sales') }}
    where dimension in ('customer', 'product', 'salesperson')

),

values_long as (

    select
        period,
        dimension as entity,
        member_id as entity_id,
        member_name as entity_name,
        revenue,
        gross_profit

    from member_sales

),

measures as (

    select period, entity, entity_id, entity_name, 'revenue' as measure, revenue as value from values_long
    union all
    select period, entity, entity_id, entity_name, 'gross_profit', coalesce(gross_profit, 0) from values_long

),

ranked as (

    select
        *,
        row_number() over w as rank,
        count(*) over (partition by period, entity, measure) as entity_count,
        sum(greatest(value, 0)) over (partition by period, entity, measure) as total_value

    from measures
    window w as (partition by period, entity, measure order by value desc, entity_id)

),

cumulative as (

    select
        *,
        rank / entity_count as cumulative_entity_share,
        sum(greatest(value, 0)) over (w rows between unbounded preceding and current row) / nullif(total_value, 0) as cumulative_value_share,
        coalesce(sum(greatest(value, 0)) over (w rows between unbounded preceding and 1 preceding), 0)
            / nullif(total_value, 0) as cumulative_share_before

    from ranked
    window w as (partition by period, entity, measure order by rank)

),

top20 as (

    select
        period, entity, measure,
        sum(greatest(value, 0)) filter (where rank <= ceil(0.2 * entity_count)) / nullif(max(total_value), 0) as top20_value_share,
        cast(ceil(0.2 * max(entity_count)) as bigint) as top20_entity_count

    from ranked
    group by all

),

final as (

    select
        cumulative.period,
        cumulative.entity,
        cumulative.measure,
        cumulative.entity_id,
        cumulative.entity_name,
        cumulative.value,
        cumulative.rank,
        cumulative.entity_count,
        cumulative.cumulative_entity_share,
        cumulative.cumulative_value_share,
        cumulative.cumulative_share_before,
        case
            when cumulative.value <= 0 then 'C'
            when cumulative.cumulative_share_before < {{ var('abc_a_cut') }} then 'A'
            when cumulative.cumulative_share_before < {{ var('abc_b_cut') }} then 'B'
            else 'C'
        end as abc_band,
        top20.top20_value_share,
        top20.top20_entity_count

    from cumulative
    inner join top20 using (period, entity, measure)

)

select * from final
