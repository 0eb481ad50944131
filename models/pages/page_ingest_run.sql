-- When the last ingest finished and with which mapping file.
with

runs as (

    select * from {{ source('tierboard', 'ingest_runs') }}

),

final as (

    select strftime(finished_at, '%Y-%m-%dT%H:%M:%S') as finished_at, mapping
    from runs

)

select * from final
