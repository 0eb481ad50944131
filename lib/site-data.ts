/**
 * The queries behind the site's data loaders: small, page-shaped JSON read from the marts.
 * Each page gets only what its first render needs; big tables are cut into files it loads on demand.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { all, openDb } from "./duckdb.ts";
import { loadConfig } from "./config.ts";
import { withWarehouse } from "./marts.ts";

type Q = <R = Record<string, unknown>>(sql: string) => Promise<R[]>;

/** Rounds money to cents and shares to 6 places, so the JSON stays small. */
export function compact<T>(rows: T[]): T[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
      if (typeof v === "number" && !Number.isInteger(v)) o[k] = Math.round(v * 1e6) / 1e6;
      else if (v instanceof Date) o[k] = v.toISOString().slice(0, 10);
      else o[k] = v;
    }
    return o as T;
  });
}

/** target/manifest.json from the last model run (TIERBOARD_TARGET moves target/). */
function readManifest() {
  const path = resolve(process.env.TIERBOARD_TARGET ?? "target", "manifest.json");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

async function tableExists(q: Q, name: string) {
  return (await q<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_name = '${name}'`))[0]!.n > 0;
}

export async function periods(q: Q) {
  return compact(await q(`select period, period_start, period_end, previous_period, is_partial, period_type
    from periods where period_type <> 'comparison' order by period_type = 'trailing' desc, period desc`));
}

export async function readTables(q: Q) {
  return q<{ table_name: string; status: string; row_count: number }>(`select table_name, status, row_count from ingest_tables`);
}

/**
 * Segments: the one filter pages offer. Sales are credited to the order's department and
 * salesperson (as in period_comparison), customer-level numbers (receipts, receivables, new
 * customers) to the customer's owner; region and grade are the customer's (grade: T12M).
 */
const SEGMENT_SETS = `grouping sets ((period), (period, department_id), (period, salesperson_id), (period, region), (period, grade))`;
const SEGMENT_COLUMNS = `case when grouping(department_id) = 0 then 'department' when grouping(salesperson_id) = 0 then 'salesperson'
    when grouping(region) = 0 then 'region' when grouping(grade) = 0 then 'grade' else 'none' end as dimension,
  coalesce(department_id, salesperson_id, region, grade, 'all') as member`;

export async function segments(q: Q) {
  return compact(await q(`
    select 'department' as dimension, department_id as member, any_value(department_name) as label from customer_segments group by 2
    union all select 'salesperson', salesperson_id, any_value(salesperson_name) from customer_segments group by 2
    union all select 'region', region, region from customer_segments group by 2
    union all select 'grade', grade, grade from customer_segments where grade <> 'ungraded' group by 2
    order by 1, 3`));
}

export const overview = () =>
  withWarehouse(async (q) => {
    const kpi = compact(await q(`
      with p as (select * from periods),
      seg as (select * from customer_segments),
      sales as (
        select p.period, l.department_id, l.salesperson_id, seg.region, seg.grade, l.customer_id, l.revenue, l.gross_profit, l.is_return
        from sales_lines l join p on l.order_date between p.period_start and p.period_end join seg using (customer_id)),
      sales_agg as (
        select period, ${SEGMENT_COLUMNS}, sum(revenue) as revenue, sum(gross_profit) as gross_profit,
          count(distinct customer_id) filter (where not is_return) as active_customers
        from sales group by ${SEGMENT_SETS}),
      firsts as (select customer_id, min(order_date) as d from sales_lines where not is_return group by 1),
      customer_facts as (
        select p.period, f.customer_id, 1 as is_new, 0 as receipts, 0 as receivables
        from firsts f join p on f.d between p.period_start and p.period_end
        union all
        select p.period, pay.customer_id, 0, pay.amount, 0
        from stg_payments pay join p on pay.payment_date between p.period_start and p.period_end
        union all
        select p.period, i.customer_id, 0, 0, i.amount
        from stg_invoices i join p on i.amount > 0 and i.invoice_date <= p.period_end
        union all
        select p.period, i.customer_id, 0, 0, -pay.amount
        from stg_payments pay join stg_invoices i using (invoice_id)
        join p on i.amount > 0 and i.invoice_date <= p.period_end and pay.payment_date <= p.period_end),
      customer_rows as (
        select f.period, seg.department_id, seg.salesperson_id, seg.region, seg.grade, f.is_new, f.receipts, f.receivables
        from customer_facts f join seg using (customer_id)),
      customer_agg as (
        select period, ${SEGMENT_COLUMNS}, sum(is_new) as new_customers, sum(receipts) as receipts, sum(receivables) as receivables
        from customer_rows group by ${SEGMENT_SETS}),
      v as (
        select p.period, p.previous_period, c.dimension, c.member, s.revenue, s.gross_profit, s.gross_profit / nullif(s.revenue, 0) as margin,
          c.receipts, c.receivables, s.active_customers, c.new_customers
        from customer_agg c join p using (period) left join sales_agg s using (period, dimension, member))
      select cur.*, prev.revenue as prev_revenue, prev.gross_profit as prev_gross_profit, prev.margin as prev_margin,
        prev.receipts as prev_receipts, prev.receivables as prev_receivables, prev.active_customers as prev_active_customers,
        prev.new_customers as prev_new_customers
      from v cur left join v prev on prev.period = cur.previous_period and prev.dimension = cur.dimension and prev.member = cur.member
      where cur.period <> 'T12M-1'`));
    // Month over month: the month holding each period's end against the month before.
    const mom = compact(await q(`
      select p.period, c.breakdown as dimension, c.member, c.metric, c.value, c.prev_value, c.growth_rate, c.period_start, c.is_partial
      from periods p join period_comparison c on c.grain = 'month' and c.period_start = date_trunc('month', p.period_end)
      where p.period_type <> 'comparison' and c.breakdown in ('none', 'department', 'salesperson', 'region', 'grade')
        and c.metric <> 'order_count'`));
    const trend = compact(await q(`select period_start, metric, value, yoy_value, is_partial from period_comparison
      where grain = 'month' and breakdown = 'none' and metric = 'revenue' order by period_start`));
    const gradeMix = compact(await q(`
      with g as (select g.period, g.final_grade, g.revenue, s.department_id, s.salesperson_id, s.region, s.grade
                 from customer_grades g join customer_segments s using (customer_id))
      select period, ${SEGMENT_COLUMNS}, final_grade as final, count(*) as customers, sum(revenue) as revenue
      from g group by grouping sets ((period, final_grade), (period, final_grade, department_id), (period, final_grade, salesperson_id),
        (period, final_grade, region), (period, final_grade, grade))`));
    const topCustomers = compact(await q(`
      with g as (select g.period, g.customer_id, g.customer_name, g.revenue, s.department_id, s.salesperson_id, s.region, s.grade
                 from customer_grades g join customer_segments s using (customer_id)),
      long as (
        select period, 'none' as dimension, 'all' as member, * exclude (period) from g
        union all select period, 'department', department_id, * exclude (period) from g
        union all select period, 'salesperson', salesperson_id, * exclude (period) from g
        union all select period, 'region', region, * exclude (period) from g
        union all select period, 'grade', grade, * exclude (period) from g)
      select period, dimension, member, customer_id as member_id, customer_name as member_name, revenue as value,
        row_number() over (partition by period, dimension, member order by revenue desc, customer_id) as rank
      from long qualify rank <= 10`));
    const pareto = compact(await q(`select period, any_value(top20_value_share) as top20_share, any_value(entity_count) as customers,
      min(cumulative_entity_share) filter (where cumulative_value_share >= 0.8) as share_for_80
      from pareto where entity = 'customer' and measure = 'revenue' group by period`));
    const overdue = compact(await q(`
      with r as (select r.*, s.region, s.grade from receivables_aging r join customer_segments s using (customer_id))
      select ${SEGMENT_COLUMNS}, sum(open_balance) as open_balance, sum(overdue_balance) as overdue_balance,
        sum(overdue_over_90) as over_90, count(*) filter (where overdue_balance > 0) as overdue_customers, any_value(as_of_date) as as_of_date
      from r group by grouping sets ((), (department_id), (salesperson_id), (region), (grade))`));
    const topOverdue = compact(await q(`
      with r as (select r.*, s.region, s.grade from receivables_aging r join customer_segments s using (customer_id) where r.overdue_balance > 0),
      long as (
        select 'none' as dimension, 'all' as member, * from r
        union all select 'department', department_id, * from r
        union all select 'salesperson', salesperson_id, * from r
        union all select 'region', region, * from r
        union all select 'grade', grade, * from r)
      select dimension, member, customer_id, customer_name, salesperson_name, overdue_balance, max_days_overdue
      from long qualify row_number() over (partition by dimension, member order by overdue_balance desc, customer_id) <= 10`));
    return { periods: await periods(q), tables: await readTables(q), segments: await segments(q), kpi, mom, trend, gradeMix, topCustomers, pareto, overdue, topOverdue };
  });

export const grades = () =>
  withWarehouse(async (q) => {
    const vars = readManifest()?.vars ?? {};
    return {
      periods: await periods(q),
      vars,
      segments: await segments(q),
      distribution: compact(await q(`
        with g as (select g.*, s.department_id, s.salesperson_id, s.region, s.grade from customer_grades g join customer_segments s using (customer_id))
        select period, ${SEGMENT_COLUMNS}, final_grade as final, count(*) as customers, sum(revenue) as revenue,
          sum(gross_profit) as gross_profit, avg(score) as avg_score, avg(credit_score) as credit_score,
          avg(revenue_score) as revenue_score, avg(profit_score) as profit_score, count(*) filter (where is_override) as overrides
        from g group by grouping sets ((period, final_grade), (period, final_grade, department_id), (period, final_grade, salesperson_id),
          (period, final_grade, region), (period, final_grade, grade))`)),
      segmentMigration: compact(await q(`
        with m as (select m.*, s.department_id, s.salesperson_id, s.region, s.grade from grade_moves m join customer_segments s using (customer_id))
        select from_period, to_period, from_grade, to_grade, ${SEGMENT_COLUMNS},
          count(*) as customer_count, sum(from_revenue) as from_revenue, sum(to_revenue) as to_revenue
        from m group by grouping sets ((from_period, to_period, from_grade, to_grade, department_id), (from_period, to_period, from_grade, to_grade, salesperson_id),
          (from_period, to_period, from_grade, to_grade, region), (from_period, to_period, from_grade, to_grade, grade))`)),
      abc: compact(await q(`select period, abc_grade as grade, count(*) as customers, sum(revenue) as revenue from customer_grades group by all`)),
      scoreGrades: compact(await q(`select period, score_grade as grade, count(*) as customers, sum(revenue) as revenue from customer_grades group by all`)),
      migration: compact(await q(`select from_period, to_period, from_grade, to_grade, customer_count, from_revenue, to_revenue, movement from grade_migration`)),
      overrides: compact(await q(`select a.*, g.final_grade as current_grade, g.abc_grade as computed_grade
        from grade_override_audit a left join customer_grades g on g.customer_id = a.customer_id and g.period = 'T12M' order by a.set_at desc`)),
      potential: compact(await q(`select grade, count(*) as prospects, sum(weighted_amount) as weighted_amount from potential_customer_grades group by 1 order by 1`)),
      topProspects: compact(await q(`select customer_id, customer_name, grade, score, open_opportunities, open_amount, weighted_amount, furthest_stage
        from potential_customer_grades order by score desc, customer_id limit 25`)),
    };
  });

/** Pareto curves, thinned to at most ~150 points each (every point up to the 80% crossing is kept near it). */
export const pareto = () =>
  withWarehouse(async (q) => ({
    periods: await periods(q),
    summary: compact(await q(`select period, entity, measure, any_value(entity_count) as entity_count, any_value(top20_value_share) as top20_share,
      count(*) filter (where abc_band = 'A') as a_count, count(*) filter (where abc_band = 'B') as b_count, count(*) filter (where abc_band = 'C') as c_count,
      sum(value) filter (where abc_band = 'A') as a_value, sum(value) filter (where abc_band = 'B') as b_value, sum(value) filter (where abc_band = 'C') as c_value
      from pareto group by all`)),
    curves: compact(await q(`select period, entity, measure, rank, entity_name, cumulative_entity_share, cumulative_value_share, abc_band from pareto
      where rank <= 20 or rank = entity_count or rank % greatest(1, entity_count // 150) = 0
        or (cumulative_value_share >= 0.8 and cumulative_share_before < 0.8)
      order by period, entity, measure, rank`)),
  }));

export const topn = () =>
  withWarehouse(async (q) => ({
    periods: await periods(q),
    rows: compact(await q(`select period, dimension, metric, rank, member_id, member_name, value, share_of_total, prev_value, prev_rank
      from topn order by period, dimension, metric, rank`)),
  }));

/** period_comparison cut by grain and breakdown, as columnar JSON members of one zip. */
export async function growthParts(only?: string[]): Promise<{ name: string; data: Buffer }[]> {
  return withWarehouse(async (q) => {
    const parts: { name: string; data: Buffer }[] = [];
    for (const grain of ["year", "quarter", "month", "week"])
      for (const breakdown of ["none", "department", "salesperson", "category", "region", "grade"]) {
        if (only && !only.includes(`${grain}-${breakdown}`)) continue;
        const rows = compact(await q(`select strftime(period_start, '%Y-%m-%d') as period_start, metric, member, member_name, value, prev_value,
          growth, growth_rate, yoy_value, yoy_growth, yoy_growth_rate, is_partial, is_yoy_to_date
          from period_comparison where grain = '${grain}' and breakdown = '${breakdown}' order by period_start, metric, member`));
        const cols = rows.length ? Object.keys(rows[0]!) : [];
        const columnar = Object.fromEntries(cols.map((c) => [c, rows.map((r) => (r as Record<string, unknown>)[c])]));
        parts.push({ name: `${grain}-${breakdown}.json`, data: Buffer.from(JSON.stringify(columnar)) });
      }
    // How the periods were cut, for their labels.
    const vars = readManifest()?.vars ?? {};
    parts.push({ name: "settings.json", data: Buffer.from(JSON.stringify({ fiscal_year_start_month: Number(vars.fiscal_year_start_month ?? 1), week_start: vars.week_start ?? "monday" })) });
    return parts;
  });
}

export const receivables = () =>
  withWarehouse(async (q) => ({
    tables: await readTables(q),
    segments: await segments(q),
    totals: compact(await q(`with r as (select r.*, s.region, s.grade from receivables_aging r join customer_segments s using (customer_id))
      select ${SEGMENT_COLUMNS}, any_value(as_of_date) as as_of_date, sum(current_amount) as current_amount, sum(overdue_1_30) as overdue_1_30,
      sum(overdue_31_60) as overdue_31_60, sum(overdue_61_90) as overdue_61_90, sum(overdue_over_90) as overdue_over_90,
      sum(open_balance) as open_balance, sum(overdue_balance) as overdue_balance, count(*) as customers
      from r group by grouping sets ((), (department_id), (salesperson_id), (region), (grade))`)),
    bySalesperson: compact(await q(`select salesperson_id, any_value(salesperson_name) as salesperson_name, any_value(department_id) as department_id, sum(current_amount) as current_amount,
      sum(overdue_1_30) as overdue_1_30, sum(overdue_31_60) as overdue_31_60, sum(overdue_61_90) as overdue_61_90,
      sum(overdue_over_90) as overdue_over_90, sum(open_balance) as open_balance, sum(overdue_balance) as overdue_balance,
      round(90 * sum(open_balance) / nullif(sum(invoiced_last_90_days), 0), 1) as dso_days
      from receivables_aging group by 1 order by overdue_balance desc`)),
    customers: compact(await q(`select r.customer_id, r.customer_name, r.salesperson_id, r.salesperson_name, r.department_id, s.region, s.grade,
      r.open_balance, r.overdue_balance, r.overdue_1_30, r.overdue_31_60, r.overdue_61_90, r.overdue_over_90, r.max_days_overdue, r.dso_days
      from receivables_aging r join customer_segments s using (customer_id) where r.overdue_balance > 0
      order by r.overdue_balance desc, r.customer_id limit 500`)),
    dso: compact(await q(`select month_end, receivables_balance, dso_days from receivables_monthly order by month_end`)),
  }));

/** The funnel: rows for everyone and per department first; per-salesperson rows in a file of their own. */
export const funnel = () =>
  withWarehouse(async (q) => {
    const rows = compact(await q(`select f.*, coalesce(d.department_name, f.department_id) as department_name
      from sales_funnel f left join stg_departments d on d.department_id = f.department_id order by period, department_id, salesperson_id, stage_order`));
    return {
      tables: await readTables(q),
      people: compact(await q(`select salesperson_id as id, salesperson_name as name, department_id from stg_salespeople order by name`)),
      rows: rows.filter((r) => (r as { salesperson_id: string }).salesperson_id === "all"),
      personRows: rows.filter((r) => (r as { salesperson_id: string }).salesperson_id !== "all"),
    };
  });

export async function funnelParts() {
  const { personRows, ...main } = await funnel();
  return [
    { name: "main.json", data: Buffer.from(JSON.stringify(main)) },
    { name: "salespeople.json", data: Buffer.from(JSON.stringify(personRows)) },
  ];
}

/** One row per customer for the searchable list and the explore page, largest revenue first. */
/**
 * Only the customer columns tierboard.yml publishes reach the site; the rest come out null.
 * `field` is the customer export's column, `sql` what the site shows for it.
 */
function publisher() {
  const fields = new Set(loadConfig().publish.customer_fields);
  return (field: string, sql: string, type = "varchar") => (fields.has(field) ? sql : `cast(null as ${type})`);
}

const customerRowsSql = (published = publisher()) => `
      select c.customer_id as id, c.customer_name as name, coalesce(g.final_grade, p.grade) as grade,
        case when g.customer_id is null and p.customer_id is not null then 'potential' when g.customer_id is null then 'inactive' else 'mature' end as kind,
        g.score, g.revenue, g.gross_profit, prev.revenue as prev_revenue, r.overdue_balance as overdue,
        ${published("region", "c.region")} as region, ${published("province", "c.province")} as province, ${published("city", "c.city")} as city,
        ${published("industry", "c.industry")} as industry, ${published("employee_size", "c.employee_size")} as size,
        ${published("source", "c.lead_source")} as source, ${published("customer_type", "c.customer_type")} as type,
        ${published("owner_id", "coalesce(s.salesperson_name, c.salesperson_id)")} as owner, ${published("owner_id", "coalesce(d.department_name, c.department_id)")} as department,
        ${published("owner_id", "c.salesperson_id")} as salesperson_id, ${published("owner_id", "c.department_id")} as department_id,
        ${published("created_date", "strftime(c.created_date, '%Y-%m')")} as created_month
      from stg_customers c
      left join customer_grades g on g.customer_id = c.customer_id and g.period = 'T12M'
      left join customer_grades prev on prev.customer_id = c.customer_id and prev.period = 'T12M-1'
      left join potential_customer_grades p on p.customer_id = c.customer_id
      left join receivables_aging r on r.customer_id = c.customer_id
      left join stg_salespeople s on s.salesperson_id = c.salesperson_id
      left join stg_departments d on d.department_id = c.department_id
      order by g.revenue desc nulls last, c.customer_id`;

export const customers = () => withWarehouse(async (q) => ({ rows: compact(await q(customerRowsSql())) }));

/** Explore's dimensions, and its first screen: customers, revenue, gross profit and score per value of each. */
export const EXPLORE_DIMENSIONS = ["owner", "department", "region", "province", "city", "industry", "size", "source", "type", "grade", "created_month"];
export const explore = () =>
  withWarehouse(async (q) => ({
    groups: compact(await q(`with c as (${customerRowsSql()})
      ${EXPLORE_DIMENSIONS.map((d) => `select '${d}' as dim, coalesce(cast(${d} as varchar), '–') as x, count(*) as customers, coalesce(sum(revenue), 0) as revenue,
        coalesce(sum(gross_profit), 0) as gross_profit, sum(score) as score_sum, count(score) as scored from c group by 2`).join(" union all ")}`)),
  }));

/** The customers list's first screen: the largest customers, and how many there are in all. */
export const CUSTOMERS_FIRST = 1000;
export const customersFirst = () =>
  withWarehouse(async (q) => {
    const [{ total }] = await q<{ total: number }>(`select count(*)::bigint as total from stg_customers`);
    const rows = compact(await q(`${customerRowsSql()} limit ${CUSTOMERS_FIRST}`));
    return { total: total!, rows, segments: await segments(q) };
  });

export const models = () =>
  withWarehouse(async (q) => {
    const manifest = readManifest() ?? { nodes: [], tests: [], singular_tests: [] };
    const runs = (await tableExists(q, "tierboard_run_results")) ? compact(await q(`select * from tierboard_run_results`)) : [];
    const tests = (await tableExists(q, "tierboard_test_results")) ? compact(await q(`select * from tierboard_test_results`)) : [];
    return { manifest, runs, tests };
  });

/**
 * The file key of a customer's detail: a string hash the page computes the same way
 * (src/components/customer-key.ts), so that ids with any characters make safe file names.
 */
export const CUSTOMER_KEY_SQL = (col: string) =>
  `cast(list_reduce([0] || list_transform(list_filter(string_split(${col}, ''), ch -> ch <> ''), ch -> unicode(ch)), (h, x) -> (h * 31 + x) % 1000003) as varchar)`;

/**
 * One JSON line per customer in `<dist>/data/customers/k=<key>/detail0.json` (customers whose keys
 * collide share a file, one line each), written after the site build: a customer's page
 * downloads that customer's rows and nothing else.
 */
/** Customers per chunk when writing detail files. */
const DETAIL_CHUNK = 10_000;

/** How many of a customer's latest orders its page shows and its file carries; invoices, tickets and opportunities likewise. */
export const DETAIL_ORDERS = 100;
const DETAIL_INVOICES = 50;
/** Orders whose lines a customer's page lists (the others show their line count). */
export const DETAIL_LINES_ORDERS = 20;
const DETAIL_TICKETS = 30;
const DETAIL_OPPORTUNITIES = 50;

export async function writeCustomerDetails(outDir: string, warehouse: string) {
  const published = publisher();
  const db = await openDb(warehouse, { readOnly: true });
  try {
    const destDir = resolve(outDir, "data", "customers");
    mkdirSync(dirname(destDir), { recursive: true });
    const dest = destDir.replace(/'/g, "''");
    // Customers are written in chunks so that the nested lists of one chunk fit in memory at any
    // scale; chunks follow the file key, so customers sharing a file are written together.
    const customers = (await all<{ n: number }>(db.conn, "select count(*)::bigint as n from stg_customers"))[0]!.n;
    const chunks = Math.max(1, Math.ceil(customers / DETAIL_CHUNK));
    for (let chunk = 0; chunk < chunks; chunk++) {
    await db.conn.run(`create or replace temp table chunk_customers as
      select customer_id from stg_customers where cast(${CUSTOMER_KEY_SQL("customer_id")} as bigint) % ${chunks} = ${chunk}`);
    await db.conn.run(`copy (
      with
      c as (select * from stg_customers semi join chunk_customers using (customer_id)),
      g as (select customer_id, list({period: period, grade: final_grade, abc: abc_grade, score: score, score_grade: score_grade,
              credit_score: credit_score, revenue_score: revenue_score, profit_score: profit_score, revenue: revenue,
              gross_profit: gross_profit, orders: order_count, is_override: is_override, override_reason: override_reason}
              order by case period when 'T12M-1' then 1 when 'T12M' then 2 else 0 end, period) as grades
            from customer_grades semi join chunk_customers using (customer_id) group by 1),
      m as (select customer_id, list({month: strftime(month, '%Y-%m'), revenue: revenue, gross_profit: gross_profit} order by month) as monthly
            from (select customer_id, date_trunc('month', order_date) as month, sum(revenue) as revenue, sum(gross_profit) as gross_profit
                  from sales_lines semi join chunk_customers using (customer_id) group by all) group by 1),
      -- The page shows a customer's latest orders; a few hundred keep the file small for the biggest accounts.
      recent_lines as (
        select *, dense_rank() over (partition by customer_id order by order_date desc, order_id desc) as recency
        from sales_lines semi join chunk_customers using (customer_id)
        qualify recency <= ${DETAIL_ORDERS}),
      o as (select customer_id, list({order_id: order_id, date: strftime(order_date, '%Y-%m-%d'), salesperson: salesperson_name, is_return: is_return,
              revenue: revenue, gross_profit: gross_profit, line_count: line_count, lines: lines} order by order_date desc, order_id) as orders
            from (select customer_id, order_id, any_value(order_date) as order_date, any_value(salesperson_name) as salesperson_name,
                    any_value(is_return) as is_return, sum(revenue) as revenue, sum(gross_profit) as gross_profit,
                    count(*) as line_count,
                    -- Line detail for the latest orders only: it is most of a file's size.
                    list({line: line_number, product: product_name, category: category, quantity: quantity, revenue: revenue} order by line_number)
                      filter (where recency <= ${DETAIL_LINES_ORDERS}) as lines
                  from recent_lines group by customer_id, order_id) group by 1),
      order_counts as (select customer_id, count(distinct order_id) as order_count from sales_lines semi join chunk_customers using (customer_id) group by 1),
      paid as (select invoice_id, sum(amount) as paid from stg_payments group by 1),
      i as (select i.customer_id, list({invoice_id: i.invoice_id, date: strftime(i.invoice_date, '%Y-%m-%d'), due: strftime(i.due_date, '%Y-%m-%d'),
              amount: i.amount, paid: coalesce(paid.paid, 0)} order by i.invoice_date desc)[1:${DETAIL_INVOICES}] as invoices
            from stg_invoices i semi join chunk_customers using (customer_id) left join paid using (invoice_id) group by 1),
      -- The page says how many payments came in; the invoices show what is paid.
      p as (select customer_id, count(*) as payment_count from stg_payments semi join chunk_customers using (customer_id) group by 1),
      op as (select customer_id, list({opportunity_id: opportunity_id, name: opportunity_name, stage: stage, amount: amount, probability: probability,
              close: strftime(expected_close_date, '%Y-%m-%d'), created: strftime(created_date, '%Y-%m-%d')} order by created_date desc)[1:${DETAIL_OPPORTUNITIES}] as opportunities
            from stg_opportunities semi join chunk_customers using (customer_id) group by 1),
      t as (select customer_id, list({ticket_id: ticket_id, created: strftime(created_at, '%Y-%m-%d %H:%M'), priority: priority, category: category,
              status: status, resolved: strftime(resolved_at, '%Y-%m-%d %H:%M')} order by created_at desc)[1:${DETAIL_TICKETS}] as tickets
            from stg_tickets semi join chunk_customers using (customer_id) group by 1),
      r as (select customer_id, {open_balance: open_balance, overdue_balance: overdue_balance, current: current_amount, d1_30: overdue_1_30,
              d31_60: overdue_31_60, d61_90: overdue_61_90, over_90: overdue_over_90, max_days_overdue: max_days_overdue, dso_days: dso_days} as receivables
            from receivables_aging semi join chunk_customers using (customer_id))
      select ${CUSTOMER_KEY_SQL("c.customer_id")} as k, to_json({customer_id: c.customer_id, profile: {name: c.customer_name, type: ${published("customer_type", "c.customer_type")}, industry: ${published("industry", "c.industry")},
         province: ${published("province", "c.province")}, city: ${published("city", "c.city")}, region: ${published("region", "c.region")},
         size: ${published("employee_size", "c.employee_size")}, source: ${published("source", "c.lead_source")},
         owner: ${published("owner_id", "c.salesperson_id")}, department: ${published("owner_id", "c.department_id")},
         created: ${published("created_date", "strftime(c.created_date, '%Y-%m-%d')")}, status: ${published("status", "raw.status")},
         credit_limit: ${published("credit_limit", "c.credit_limit", "decimal(18,4)")}, payment_terms_days: ${published("payment_terms_days", "c.payment_terms_days", "bigint")},
         contact_name: ${published("contact_name", "raw.contact_name")}, phone: ${published("phone", "raw.phone")},
         email: ${published("email", "raw.email")}, address: ${published("address", "raw.address")}},
        grades: coalesce(g.grades, []), monthly: coalesce(m.monthly, []), orders: coalesce(o.orders, []),
        invoices: coalesce(i.invoices, []), opportunities: coalesce(op.opportunities, []),
        tickets: coalesce(t.tickets, []), receivables: r.receivables,
        order_count: coalesce(order_counts.order_count, 0), payment_count: coalesce(p.payment_count, 0)}) as j
      from c left join raw_customers raw using (customer_id) left join g using (customer_id) left join m using (customer_id) left join o using (customer_id)
        left join i using (customer_id) left join p using (customer_id) left join op using (customer_id)
        left join t using (customer_id) left join r using (customer_id) left join order_counts using (customer_id)
    ) to '${dest}' (format csv, header false, quote '', escape '', partition_by (k), filename_pattern 'detail', file_extension 'json', overwrite_or_ignore true)`);
    }
  } finally {
    db.close();
  }
}

/**
 * Splits a page's data into what the first screen needs and the per-salesperson segments, which
 * grow with the sales force and load only when a salesperson is chosen.
 */
export function splitSalespeople<T extends Record<string, unknown>>(data: T): { main: T; salespeople: Record<string, unknown[]> } {
  const main: Record<string, unknown> = {};
  const salespeople: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(data)) {
    // The segment list itself stays whole: the filter offers every salesperson.
    if (k !== "segments" && Array.isArray(v) && v.some((r) => r && typeof r === "object" && "dimension" in r)) {
      main[k] = v.filter((r) => (r as { dimension: string }).dimension !== "salesperson");
      salespeople[k] = v.filter((r) => (r as { dimension: string }).dimension === "salesperson");
    } else main[k] = v;
  }
  return { main: main as T, salespeople };
}

/** The two files of a split page, as zip members main.json and salespeople.json. */
export async function splitParts(data: Record<string, unknown>) {
  const { main, salespeople } = splitSalespeople(data);
  return [
    { name: "main.json", data: Buffer.from(JSON.stringify(main)) },
    { name: "salespeople.json", data: Buffer.from(JSON.stringify(salespeople)) },
  ];
}
