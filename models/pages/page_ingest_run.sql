-- When the last ingest finished, with which mapping file, and the rows it read, loaded and
-- quarantined over all files.
with

runs as (

    select * from {{ source('tierboard', 'ingest_runs') }}

),

sources as (

    select * from {{ source('tierboard', 'ingest_sources') }}

),

totals as (

    select sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined
    from sources

),

final as (

    select strftime(runs.finished_at, '%Y-%m-%dT%H:%M:%S') as finished_at, runs.mapping,
        coalesce(totals.rows_read, 0) as rows_read, coalesce(totals.rows_loaded, 0) as rows_loaded, coalesce(totals.rows_quarantined, 0) as rows_quarantined
    from runs
    cross join totals

)

select * from final
