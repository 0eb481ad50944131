-- Every file the last ingest read: table, format, rows read, loaded and quarantined.
with

sources as (

    select * from {{ source('tierboard', 'ingest_sources') }}

),

final as (

    select coalesce(name, regexp_extract(file, '[^/\\\\]+$')) as file, sheet, table_name, format, encoding, delimiter, header_row,
        rows_read, rows_loaded, rows_quarantined, ignored_columns::varchar as ignored_columns, note
    from sources

)

select * from final
order by file, sheet
