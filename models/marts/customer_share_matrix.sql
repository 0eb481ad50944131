-- The differentiation matrix (差别化矩阵) of the mature customers on the action list's current
-- snapshot. share: our revenue in the 12 months over the customer's annual purchase potential
-- when the customer export states one (share_basis potential), else category penetration, the
-- categories it bought in the 12 months over the categories anyone bought from us in them
-- (share_basis penetration). upcoming: its open weighted pipeline plus its run-rate for the next 90
-- days (revenue in the 12 months x 90 / 365). Split at var('matrix_share_split') and
-- var('matrix_upcoming_split'), or at the medians of each share basis when those are empty: keep_close (high share,
-- large upcoming: 重点保持), maintain (high, small: 保持或获取), develop (low, large: 发展),
-- acquire_or_let_go (low, small: 获取或放弃). High and large mean at or above the split.
with

actions as (

    select * from {{ ref('customer_actions') }} where snapshot = 0 and kind = 'mature'

),

customers as (

    select * from {{ ref('int_customers') }}

),

-- Not materialized: each use reads only the columns and rows it needs, where DuckDB would copy a CTE
-- named more than once whole, every row with all its columns (docs/incremental.md).
lines as not materialized (

    select * from {{ ref('sales_lines') }}

),

-- The 12 months to the snapshot's month-end, as dates: a single window, so the lines are filtered
-- rather than joined to it (a range join sorted all 10M lines twice, 3 s of CPU).
window_bounds as (

    select cast(max(month_end) - interval 12 month as date) as window_start, max(month_end) as window_end
    from actions

),

window_lines as not materialized (

    select lines.*
    from lines
    where lines.order_date > (select window_start from window_bounds)
        and lines.order_date <= (select window_end from window_bounds)

),

bought as (

    select
        window_lines.customer_id,
        count(distinct window_lines.category) filter (where not window_lines.is_return) as categories_bought

    from window_lines
    group by all

),

sold as (

    select count(distinct window_lines.category) as categories_sold

    from window_lines
    where not window_lines.is_return

),

figures as (

    select
        actions.customer_id,
        actions.revenue,
        actions.weighted_pipeline,
        customers.purchase_potential,
        coalesce(bought.categories_bought, 0) as categories_bought,
        sold.categories_sold,
        case when customers.purchase_potential > 0 then 'potential' else 'penetration' end as share_basis,
        case
            when customers.purchase_potential > 0 then greatest(actions.revenue, 0) / customers.purchase_potential
            else coalesce(bought.categories_bought, 0) / nullif(sold.categories_sold, 0)
        end as share,
        actions.weighted_pipeline + greatest(actions.revenue, 0) * 90 / 365 as upcoming

    from actions
    cross join sold
    left join customers on customers.customer_id = actions.customer_id
    left join bought on bought.customer_id = actions.customer_id

),

splits as (

    -- Shares of a potential and penetrations are not on one scale: each basis has its own median.
    select
        share_basis,
        coalesce({{ var('matrix_share_split') or 'null' }}, median(share)) as share_split,
        coalesce({{ var('matrix_upcoming_split') or 'null' }}, median(upcoming)) as upcoming_split

    from figures
    group by share_basis

),

final as (

    select
        figures.*,
        splits.share_split,
        splits.upcoming_split,
        case
            when figures.share >= splits.share_split and figures.upcoming >= splits.upcoming_split then 'keep_close'
            when figures.share >= splits.share_split then 'maintain'
            when figures.upcoming >= splits.upcoming_split then 'develop'
            else 'acquire_or_let_go'
        end as quadrant

    from figures
    inner join splits on splits.share_basis = figures.share_basis

)

select * from final
