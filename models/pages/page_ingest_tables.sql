-- Which canonical tables the last ingest loaded, derived or found missing: pages name a missing
-- export where they need it.
with

tables as (

    select * from {{ source('tierboard', 'ingest_tables') }}

),

final as (

    select table_name, status, row_count
    from tables

)

select * from final
