-- Explore's dimensions, in the order its pickers list them (var explore_dimensions).
with

dimensions as (

    {% for d in var('explore_dimensions') %}
    select {{ loop.index }} as position, '{{ d.name }}' as dim, '{{ d.label }}' as label
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select dim, label from dimensions order by position

)

select * from final
