-- One row per customer: everything its page shows, as one JSON document (`detail`), and the key
-- of the file it is written to (`file_key`, customers whose keys collide share a file).
-- The parts are made by int_customer_page_sections (profile, grades, monthly sales, invoices,
-- opportunities, tickets, receivables, strategy, counts) and int_customer_recent_orders (the latest
-- orders); this model only joins them, so no query holds every part of 100,000 documents at once.
-- A view: the documents are made once, when the customer files (publish/page-files.ts writeLineFiles)
-- have DuckDB write them out to be split into files. Stored, the 1.1 GB of documents at 10M lines
-- took 27-36 s to write and 6 s to read back; joined as they are written out, 10-15 s, and the
-- warehouse is smaller by as much.
{{ config(materialized='view') }}

with

sections as (

    select * from {{ ref('int_customer_page_sections') }}

),

recent_orders as (

    select * from {{ ref('int_customer_recent_orders') }}

),

final as (

    select
        sections.customer_id,
        {{ customer_file_key('sections.customer_id') }} as file_key,
        -- The document is joined as text around the parts that are JSON text already (grades, monthly
        -- sales, orders), in one concat(): to_json of one struct holding them parsed each part again
        -- and wrote it anew. At 10M lines 19.7-24 s against 27.5-31.8 s in alternating runs. The
        -- keys are in the same order and the values the same; a part's decimals keep their scale
        -- (50708.9000), as the invoices' always did.
        concat('{"customer_id":', to_json(sections.customer_id), ',"profile":', to_json(sections.profile),
            ',"grades":', sections.grades, ',"monthly":', sections.monthly, ',"orders":', coalesce(recent_orders.orders, '[]'), ',',
            substr(to_json({invoices: sections.invoices, opportunities: sections.opportunities, tickets: sections.tickets,
                receivables: sections.receivables, order_count: sections.order_count, payment_count: sections.payment_count,
                strategy: sections.strategy, lifetime: sections.lifetime})::varchar, 2)) as detail
    from sections
    left join recent_orders on sections.customer_id = recent_orders.customer_id

)

-- Not sorted: publish/page-files.ts writeLineFiles writes a file whatever order its rows come in.
select * from final
