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
