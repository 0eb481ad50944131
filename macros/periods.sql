{#- First day of the period of `grain` (year, quarter, month, week) holding the date in `column`.
    Weeks start on var('week_start') (monday or sunday); years and quarters start in var('fiscal_year_start_month'). -#}
{% macro period_start(column, grain) -%}
{%- set shift = var('fiscal_year_start_month') - 1 -%}
{%- if grain == 'week' and var('week_start') == 'sunday' -%}
cast(date_trunc('week', {{ column }} + interval 1 day) - interval 1 day as date)
{%- elif grain == 'week' or grain == 'month' -%}
cast(date_trunc('{{ grain }}', {{ column }}) as date)
{%- else -%}
cast(date_trunc('{{ grain }}', {{ column }} - interval {{ shift }} month) + interval {{ shift }} month as date)
{%- endif -%}
{%- endmacro %}

{#- The start of the period `n` periods of `grain` before the one starting at `column`. -#}
{% macro period_back(column, grain, n) -%}
cast({{ column }} - interval {{ n }} {{ grain }} as date)
{%- endmacro %}

{#- The same period one year earlier: 52 weeks back for weeks, so weekdays line up. -#}
{% macro year_back(column, grain) -%}
{%- if grain == 'week' -%}
cast({{ column }} - interval 364 day as date)
{%- else -%}
cast({{ column }} - interval 1 year as date)
{%- endif -%}
{%- endmacro %}

{#- Growth rate as docs/definitions.md defines it: undefined (null) when the previous value is 0 or missing. -#}
{% macro growth_rate(current, previous) -%}
case when {{ previous }} is null or {{ previous }} = 0 then null else ({{ current }} - {{ previous }}) / abs({{ previous }}) end
{%- endmacro %}

{#- A period's sales measures: revenue, gross profit, the orders that are not returns and their
    distinct customers. Over one row per order (or per order and category) an order counts without
    a distinct (`rows` 'orders'); over lines, distinct (`rows` 'lines'). -#}
{% macro sales_measures(rows) -%}
sum(revenue) as revenue, sum(gross_profit) as gross_profit, {% if rows == 'lines' %}count(distinct order_id){% else %}count(*){% endif %} filter (where not is_return) as order_count, count(distinct customer_id) filter (where not is_return) as active_customers
{%- endmacro %}

{#- What sales_measures('orders') reads of an order, from its lines grouped by order (or by order and
    category): its date, return flag and customer, every line's alike; its revenue and gross profit,
    the lines' sums. `lines` is the relation's name. -#}
{% macro order_sales_from_lines(lines) -%}
any_value({{ lines }}.order_date) as order_date,
        any_value({{ lines }}.is_return) as is_return,
        any_value({{ lines }}.customer_id) as customer_id,
        sum({{ lines }}.revenue) as revenue,
        sum({{ lines }}.gross_profit) as gross_profit
{%- endmacro %}

{#- `<grain>_start` for each of `grains`: the first day of the period holding the date in `column`. -#}
{% macro period_starts(column, grains) -%}
{%- for g in grains %}{{ period_start(column, g) }} as {{ g }}_start{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}

{#- The columns that name a row of member values, grouped by `<g>_start` and breakdown `b`'s member
    ([name, member, member name]): period_comparison reads int_period_sales' rows beside its own. -#}
{% macro member_columns(b, g) -%}
'{{ g }}' as grain, {{ g }}_start as period_start, '{{ b[0] }}' as breakdown, cast({{ b[1] }} as varchar) as member, cast(any_value({{ b[2] }}) as varchar) as member_name
{%- endmacro %}
