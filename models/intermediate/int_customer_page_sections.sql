-- One row per customer: every part of the customer's page but its orders, each as the page shows
-- it (page_customer_details joins them with int_customer_recent_orders into one JSON document).
-- A page shows a customer's latest var('customer_page_invoices') invoices, var('customer_page_opportunities')
-- opportunities and var('customer_page_tickets') tickets; the counts are complete. Invoices' paid
-- amounts and the receivables follow int_invoice_open_amounts and receivables_aging. Made apart from
-- the orders and the grades (int_customer_grade_history): joined in one query, the parts needed
-- more than 1.5 GB at 10M lines. The monthly sales (int_customer_monthly_sales) and the latest
-- opportunities and tickets (int_customer_activity) are steps of their own too: they do not depend
-- on the data's last date, so a new month does not make them all again.
with

customers as (

    select * from {{ ref('int_customers') }}

),

raw_customers as (

    select * from {{ source('tierboard', 'customers') }}

),

grade_history as (

    select * from {{ ref('int_customer_grade_history') }}

),

monthly_sales as (

    select * from {{ ref('int_customer_monthly_sales') }}

),

invoices as (

    select * from {{ ref('int_invoices') }}

),

open_amounts as (

    select * from {{ ref('int_invoice_open_amounts') }}

),

payments as (

    select * from {{ ref('int_payments') }}

),

activity as (

    select * from {{ ref('int_customer_activity') }}

),

aging as (

    select * from {{ ref('receivables_aging') }}

),

balances as (

    select * from {{ ref('int_customer_balances') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),


actions as (

    select * from {{ ref('customer_actions') }} where snapshot = 0

),

value_classes as (

    select * from {{ ref('customer_value_classes') }}

),

lifetime as (

    select * from {{ ref('customer_lifetime_value') }}

),

-- Lists are made unordered and sorted afterwards (list_sort orders by the first field, then the
-- next): an aggregate's own ORDER BY buffers each customer's rows in blocks DuckDB cannot spill
-- (joined_in_window in macros/pages.sql says what a list costs, and joins texts in a window instead).
recent_invoices as (

    -- The latest ones are picked before the list is made: lists of every invoice held them all in memory at once.
    select customer_id, list_transform(list_sort(list({recency: recency, invoice: {invoice_id: invoice_id, date: strftime(invoice_date, '%Y-%m-%d'),
            due: strftime(due_date, '%Y-%m-%d'), amount: amount, paid: paid}})), i -> i.invoice) as invoices
    from (
        select latest.*, coalesce(open_amounts.paid_amount, 0) as paid
        from (
            select invoices.customer_id, invoices.invoice_id, invoices.invoice_date, invoices.due_date, invoices.amount,
                row_number() over (partition by invoices.customer_id order by invoices.invoice_date desc, invoices.invoice_id desc) as recency
            from invoices
            qualify recency <= {{ var('customer_page_invoices') }}
        ) as latest
        left join open_amounts on latest.invoice_id = open_amounts.invoice_id
    )
    group by 1

),

payment_counts as (

    select customer_id, count(*) as payment_count
    from payments
    group by 1

),

credits as (

    select balances.customer_id, balances.credit_balance
    from balances
    inner join dates on balances.balance_date = dates.as_of_date
    where balances.credit_balance > 0

),

receivables as (

    select coalesce(aging.customer_id, credits.customer_id) as customer_id,
        {open_balance: coalesce(aging.open_balance, 0), overdue_balance: coalesce(aging.overdue_balance, 0), current: coalesce(aging.current_amount, 0),
            d1_30: coalesce(aging.overdue_1_30, 0), d31_60: coalesce(aging.overdue_31_60, 0), d61_90: coalesce(aging.overdue_61_90, 0),
            over_90: coalesce(aging.overdue_over_90, 0), max_days_overdue: aging.max_days_overdue, dso_days: aging.dso_days,
            credit_balance: coalesce(credits.credit_balance, 0)} as receivables
    from aging
    full join credits on aging.customer_id = credits.customer_id

),

final as (

    select
        customers.customer_id,
        {name: customers.customer_name,
            type: {{ published('customer_type', 'customers.customer_type') }}, industry: {{ published('industry', 'customers.industry') }},
            province: {{ published('province', 'customers.province') }}, city: {{ published('city', 'customers.city') }}, region: {{ published('region', 'customers.region') }},
            size: {{ published('employee_size', 'customers.employee_size') }}, source: {{ published('source', 'customers.lead_source') }},
            owner: {{ published('owner_id', 'customers.owner_name') }},
            owner_id: {{ published('owner_id', 'customers.salesperson_id') }},
            department: {{ published('owner_id', 'customers.department_name') }},
            created: {{ published('created_date', "strftime(customers.created_date, '%Y-%m-%d')") }}, status: {{ published('status', 'raw_customers.status') }},
            credit_limit: {{ published('credit_limit', 'customers.credit_limit', 'decimal(18,4)') }},
            payment_terms_days: {{ published('payment_terms_days', 'customers.payment_terms_days', 'bigint') }},
            contact_name: {{ published('contact_name', 'raw_customers.contact_name') }}, phone: {{ published('phone', 'raw_customers.phone') }},
            email: {{ published('email', 'raw_customers.email') }}, address: {{ published('address', 'raw_customers.address') }}} as profile,
        coalesce(grade_history.grades, '[]'::json) as grades,
        coalesce(monthly_sales.monthly, '[]'::json) as monthly,
        coalesce(recent_invoices.invoices, []) as invoices,
        coalesce(activity.opportunities, []) as opportunities,
        coalesce(activity.tickets, []) as tickets,
        receivables.receivables as receivables,
        coalesce(monthly_sales.order_count, 0) as order_count,
        coalesce(payment_counts.payment_count, 0) as payment_count,
        case when actions.customer_id is not null then {month_end: strftime(actions.month_end, '%Y-%m-%d'), kind: actions.kind,
                action_class: actions.action_class, reason_code: actions.class_reason, rating: actions.rating, class_rank: actions.class_rank,
                is_review: actions.is_review, override_reason: actions.override_reason, revenue: actions.revenue,
                revenue_growth_rate: actions.revenue_growth_rate, on_time_share: actions.on_time_share, prev_on_time_share: actions.prev_on_time_share,
                late_invoices: actions.late_invoices, weighted_pipeline: actions.weighted_pipeline, sales_level: actions.sales_level,
                collection_level: actions.collection_level, growth_level: actions.growth_level, forecast_level: actions.forecast_level,
                difficulty_level: actions.difficulty_level, standing_level: actions.standing_level,
                value_class: value_classes.value_class, contribution: value_classes.contribution,
                suspend_share: {{ var('suspend_share') }}, phase_out_late_days: {{ var('phase_out_late_days') }}} end as strategy,
        case when lifetime.customer_id is not null then {first_order: strftime(lifetime.first_order_date, '%Y-%m-%d'),
                last_order: strftime(lifetime.last_order_date, '%Y-%m-%d'), revenue: lifetime.lifetime_revenue, gross_profit: lifetime.lifetime_gross_profit,
                orders: lifetime.lifetime_orders, tenure_years: lifetime.tenure_years, revenue_per_year: lifetime.revenue_per_year} end as lifetime

    from customers
    left join raw_customers on customers.customer_id = raw_customers.customer_id
    left join grade_history on customers.customer_id = grade_history.customer_id
    left join monthly_sales on customers.customer_id = monthly_sales.customer_id
    left join recent_invoices on customers.customer_id = recent_invoices.customer_id
    left join payment_counts on customers.customer_id = payment_counts.customer_id
    left join activity on customers.customer_id = activity.customer_id
    left join receivables on customers.customer_id = receivables.customer_id
    left join actions on customers.customer_id = actions.customer_id
    left join value_classes on customers.customer_id = value_classes.customer_id
    left join lifetime on customers.customer_id = lifetime.customer_id

)

select * from final
