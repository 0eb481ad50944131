{#- The "Showing" filter's segments (docs/definitions.md, Segments): every figure is also cut by
    the customer's department, salesperson, region and T12M grade. `keys` are the columns every
    grouping keeps (e.g. ['period']). -#}
{% macro segment_grouping_sets(keys) -%}
{%- set k = keys | join(', ') -%}
{%- set p = (k ~ ', ') if k else '' -%}
grouping sets (({{ k }}), ({{ p }}department_id), ({{ p }}salesperson_id), ({{ p }}region), ({{ p }}grade))
{%- endmacro %}

{#- Which segment a row of segment_grouping_sets belongs to (dimension) and its value (member). -#}
{% macro segment_columns() -%}
case when grouping(department_id) = 0 then 'department' when grouping(salesperson_id) = 0 then 'salesperson'
    when grouping(region) = 0 then 'region' when grouping(grade) = 0 then 'grade' else 'none' end as dimension,
  coalesce(department_id, salesperson_id, region, grade, 'all') as member
{%- endmacro %}

{#- A customer column the site may show: the expression when tierboard.yml publishes `field`
    (var published_customer_fields), else null of the same type. The publish step checks the
    same list again on every column whose YAML meta names a customer_field. -#}
{% macro published(field, expression, type='varchar') -%}
{%- if field in var('published_customer_fields') -%}{{ expression }}{%- else -%}cast(null as {{ type }}){%- endif -%}
{%- endmacro %}

{#- The file key of a customer's detail file: a string hash the customer page computes the same
    way (src/components/customer-key.ts), so that ids with any characters make safe file names. -#}
{% macro customer_file_key(column) -%}
cast(list_reduce([0] || list_transform(list_filter(string_split({{ column }}, ''), ch -> ch <> ''), ch -> unicode(ch)), (h, x) -> (h * 31 + x) % 1000003) as varchar)
{%- endmacro %}

{#- A group's texts joined with commas in `order_by`, on the group's one row where `holder` is true
    (every other row gets its own text alone, to be filtered out); `size` rows either side, at least
    the group's rows. A window, not an aggregate: DuckDB holds an aggregate's lists (list(),
    string_agg(... order by)) outside the memory it can spill, and a window sorts (and can spill) and
    joins one group at a time. Only the holder frames the group: with the whole frame on every row,
    each of 2M shown orders at 10M lines got its customer's whole list (15.4-18.5 s against
    10.2-12.4 s). Measures: docs/benchmarks.md (int_customer_recent_orders, int_customer_shown_orders). -#}
{% macro joined_in_window(text, partition_by, order_by, holder, size) -%}
string_agg({{ text }}, ',') over (partition by {{ partition_by }} order by {{ order_by }}
            rows between (case when {{ holder }} then {{ size }} else 0 end) preceding
                and (case when {{ holder }} then {{ size }} else 0 end) following)
{%- endmacro %}
