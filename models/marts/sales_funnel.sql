-- The sales funnel (销售漏斗): opportunities by ordered stage, per period (year of creation, and
-- 'all'), department and salesperson ('all' for every one). See sales_funnel.yml.
with

opportunities as (

    select * from {{ ref('stg_opportunities') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

stages as (

    select * from (values
        (1, 'lead'), (2, 'qualified'), (3, 'proposal'), (4, 'negotiation'), (5, 'won')
    ) as t(stage_order, stage)

),

enriched as (

    select
        opportunities.*,
        coalesce(opportunities.salesperson_id, customers.salesperson_id, 'unassigned') as owner_id,
        coalesce(salespeople.department_id, customers.department_id, 'unassigned') as department_id,
        cast(year(coalesce(opportunities.created_date, opportunities.expected_close_date)) as varchar) as created_year,
        date_diff('day', opportunities.created_date, coalesce(opportunities.closed_date, dates.as_of_date)) as age_days

    from opportunities
    cross join dates
    left join customers on opportunities.customer_id = customers.customer_id
    left join salespeople on coalesce(opportunities.salesperson_id, customers.salesperson_id) = salespeople.salesperson_id

),

-- Every opportunity once per grouping it belongs to.
grouped as (

    select created_year as period, department_id, owner_id as salesperson_id, * exclude (department_id) from enriched
    union all
    select 'all', department_id, owner_id, * exclude (department_id) from enriched
    union all
    select created_year, department_id, 'all', * exclude (department_id) from enriched
    union all
    select 'all', department_id, 'all', * exclude (department_id) from enriched
    union all
    select created_year, 'all', 'all', * exclude (department_id) from enriched
    union all
    select 'all', 'all', 'all', * exclude (department_id) from enriched

),

-- An opportunity has reached every stage up to its own; won ones reached all; lost ones count
-- as having reached the first stage only, since exports do not say where they were lost.
by_stage as (

    select
        grouped.period,
        grouped.department_id,
        grouped.salesperson_id,
        stages.stage_order,
        stages.stage,
        count(*) filter (where grouped.stage = stages.stage) as opportunity_count,
        coalesce(sum(grouped.amount) filter (where grouped.stage = stages.stage), 0) as amount,
        coalesce(sum(grouped.amount * grouped.probability) filter (where grouped.stage = stages.stage), 0) as weighted_amount,
        count(*) filter (where grouped.stage_order >= stages.stage_order or (grouped.stage = 'lost' and stages.stage_order = 1)) as reached_count,
        median(grouped.age_days) filter (where grouped.stage = stages.stage) as median_days_open

    from grouped
    cross join stages
    group by all

),

lost as (

    select period, department_id, salesperson_id, count(*) filter (where stage = 'lost') as lost_count
    from grouped
    group by all

),

final as (

    select
        by_stage.period,
        by_stage.department_id,
        by_stage.salesperson_id,
        by_stage.stage_order,
        by_stage.stage,
        by_stage.opportunity_count,
        by_stage.amount,
        by_stage.weighted_amount,
        by_stage.opportunity_count / nullif(sum(by_stage.opportunity_count) over w, 0) as count_share,
        by_stage.reached_count,
        lead(by_stage.reached_count) over (w order by by_stage.stage_order) / nullif(by_stage.reached_count, 0) as conversion_to_next,
        by_stage.median_days_open,
        lost.lost_count

    from by_stage
    inner join lost using (period, department_id, salesperson_id)
    window w as (partition by by_stage.period, by_stage.department_id, by_stage.salesperson_id)

)

select * from final
