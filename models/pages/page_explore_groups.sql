-- Explore's first screen: customers, revenue, gross profit and score per value of each
-- dimension in var('explore_dimensions') (a missing value is '–').
with

customers as (

    select * from {{ ref('page_customers') }}

),

groups as (

    {% for d in var('explore_dimensions') %}
    select '{{ d.name }}' as dim, coalesce(cast({{ d.name }} as varchar), '–') as x, count(*) as customers, coalesce(sum(revenue), 0) as revenue,
        coalesce(sum(gross_profit), 0) as gross_profit, sum(score) as score_sum, count(score) as scored
    from customers
    group by 2
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select * from groups

)

select * from final
order by dim, x
