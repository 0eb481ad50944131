-- Why rows were quarantined: per file, table, column and reason, how many rows, the first row
-- and an example value (the 200 most frequent).
with

quarantine as (

    select * from {{ source('tierboard', 'quarantine') }}

),

final as (

    select source, table_name, coalesce(column_name, '(whole row)') as column_name, reason, count(*)::bigint as rows,
        min(row_number) as first_row, first(value order by row_number) as example
    from quarantine
    group by all
    order by rows desc, source
    limit 200

)

select * from final
order by rows desc, source, table_name, column_name, reason
