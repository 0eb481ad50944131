/**
 * Audience builds: the static-site answer to a CRM's data scopes (self, department, department
 * and below). The warehouse's raw tables are cut down to the audience's rows before the models
 * run, so every mart, page and file of that site is computed from those rows alone: nothing
 * has to remember to filter, and nothing can leak by forgetting to.
 *
 * The rule, once (the README's "Safety" section says the same):
 * - the audience is its departments (with their sub-departments when asked) and their
 *   salespeople, plus the salespeople it names;
 * - it sees the customers its salespeople own, with all their rows;
 * - of a customer with no owner (flat exports), it sees only the orders its salespeople or
 *   departments sold, those orders' lines, invoices and payments, and the customer's tickets;
 * - it sees the prospects (customers with no owner and no order anywhere) its salespeople
 *   work, with the opportunities its salespeople work on them;
 * - a salesperson or department outside it that appears on those rows (an order another
 *   department sold to an owned customer) shows as OUTSIDE, never by id or name;
 * - quarantined records and file notes quote the whole company: they are left out, and the
 *   ingest's counts are recounted from the rows kept.
 */
import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AudienceConfig } from "../lib/config.ts";
import { hasTable } from "../lib/duckdb.ts";
import { lit } from "../lib/sql.ts";

/** How a salesperson or department outside the audience appears on the rows it keeps. */
export const OUTSIDE = "(outside)";

const list = (xs: string[]) => (xs.length ? xs.map(lit).join(", ") : "null");
/** Deletes the rows for which `cond` is not true (null counts as not true). */
const keep = (table: string, cond: string) => `delete from ${table} where not coalesce(${cond}, false)`;
const inAudience = (col: string, set: "aud_salespeople" | "aud_departments") =>
  `${col} in (select ${set === "aud_salespeople" ? "salesperson_id" : "department_id"} from ${set})`;

/** Deletes every raw row outside the audience; returns how many customers remain. */
export async function cutToAudience(conn: DuckDBConnection, name: string, a: AudienceConfig): Promise<number> {
  const soldByAudience = `(${inAudience("o.salesperson_id", "aud_salespeople")} or ${inAudience("o.department_id", "aud_departments")})`;
  const steps = [
    `create or replace temp table aud_departments as
      with recursive d(department_id) as (
        select department_id from raw_departments where department_id in (${list(a.departments)})
        ${a.include_sub_departments ? "union select r.department_id from raw_departments r join d on r.parent_department_id = d.department_id" : ""}
      ) select * from (select department_id from d union select unnest([${list(a.departments)}]::varchar[]) as department_id)
      where department_id is not null`,
    // No null in these sets: "x not in (..., null)" is never true, and nothing would be marked outside.
    `create or replace temp table aud_salespeople as
      select * from (select salesperson_id from raw_salespeople where ${inAudience("department_id", "aud_departments")}
        union select unnest([${list(a.salespeople)}]::varchar[]) as salesperson_id)
      where salesperson_id is not null`,
    `create or replace temp table owned_customers as select customer_id from raw_customers where ${inAudience("owner_id", "aud_salespeople")}`,
    `create or replace temp table aud_orders as
      select o.order_id from raw_orders o join raw_customers c using (customer_id)
      where c.customer_id in (select customer_id from owned_customers) or (c.owner_id is null and ${soldByAudience})`,
    // A prospect is a customer with no owner and no order anywhere: ours when one of our salespeople works it.
    `create or replace temp table aud_prospects as
      select c.customer_id from raw_customers c
      where c.owner_id is null and c.customer_id not in (select customer_id from raw_orders where customer_id is not null)
        and c.customer_id in (select customer_id from raw_opportunities where ${inAudience("salesperson_id", "aud_salespeople")})`,
    `create or replace temp table aud_customers as
      select customer_id from owned_customers
      union select customer_id from raw_orders where order_id in (select order_id from aud_orders)
      union select customer_id from aud_prospects`,
    keep("raw_customers", "customer_id in (select customer_id from aud_customers)"),
    keep("raw_orders", "order_id in (select order_id from aud_orders)"),
    keep("raw_order_lines", "order_id in (select order_id from raw_orders)"),
    keep("raw_invoices", `customer_id in (select customer_id from owned_customers)
      or customer_id in (select customer_id from aud_customers) and order_id in (select order_id from raw_orders)`),
    keep("raw_payments", `invoice_id in (select invoice_id from raw_invoices)
      or invoice_id is null and customer_id in (select customer_id from owned_customers)`),
    keep("raw_opportunities", `customer_id in (select customer_id from owned_customers)
      or (customer_id is null or customer_id in (select customer_id from aud_customers)) and ${inAudience("salesperson_id", "aud_salespeople")}`),
    keep("raw_tickets", "customer_id in (select customer_id from aud_customers)"),
    keep("raw_salespeople", inAudience("salesperson_id", "aud_salespeople")),
    keep("raw_departments", inAudience("department_id", "aud_departments")),
    keep("raw_targets", `${inAudience("salesperson_id", "aud_salespeople")} or salesperson_id is null and ${inAudience("department_id", "aud_departments")}`),
    keep("raw_products", "product_id in (select product_id from raw_order_lines)"),
    // Sellers from outside on the rows kept: they show as OUTSIDE, not by id.
    `update raw_orders set salesperson_id = ${lit(OUTSIDE)} where salesperson_id is not null and not ${inAudience("salesperson_id", "aud_salespeople")}`,
    `update raw_orders set department_id = ${lit(OUTSIDE)} where department_id is not null and not ${inAudience("department_id", "aud_departments")}`,
    `update raw_opportunities set salesperson_id = ${lit(OUTSIDE)} where salesperson_id is not null and not ${inAudience("salesperson_id", "aud_salespeople")}`,
    // Quarantined records and file notes quote rows of the whole company.
    `delete from quarantine`,
    `update ingest_sources set note = null`,
    `create or replace table tierboard_audience as select ${lit(name)} as name, ${lit(a.title ?? name)} as title`,
  ];
  for (const sql of steps) await conn.run(sql);
  // The runner knows a table by the ingest that loaded it (ingest_table_state, see runner/run.ts), and the site
  // keeps files made from a model whose state is as before: the cut rows must not pass for the company's, nor
  // for another cut's (an audience whose departments changed), or its site would keep their files.
  if (await hasTable(conn, "ingest_table_state")) await conn.run(`update ingest_table_state set ingest_id = ingest_id || ${lit(`:${cutStamp(name, a)}`)}`);
  await recount(conn);
  const r = await conn.runAndReadAll("select count(*)::bigint as n from raw_customers");
  return Number(r.getRowObjectsJS()[0]!.n);
}

/** What names one audience's cut: its name, its title (written into its warehouse) and every setting that decides which rows it keeps. */
export const cutStamp = (name: string, a: AudienceConfig) =>
  `audience=${createHash("sha256").update(JSON.stringify([name, a.title ?? null, [...a.departments].sort(), [...a.salespeople].sort(), a.include_sub_departments])).digest("hex").slice(0, 16)}`;

/** The ingest's counts, as the Data sources page shows them, of the rows the audience kept. */
async function recount(conn: DuckDBConnection) {
  const tables = (await conn.runAndReadAll("select table_name from ingest_tables")).getRowObjectsJS().map((r) => String(r.table_name));
  for (const t of tables) await conn.run(`update ingest_tables set row_count = (select count(*) from raw_${t}) where table_name = ${lit(t)}`);
  // Each raw row names its source as the ingest did: the file's name, and its sheet in brackets.
  const sources = tables.map((t) => `select _source, count(*) as n from raw_${t} group by 1`).join(" union all ");
  await conn.run(`update ingest_sources set rows_loaded = coalesce(k.n, 0), rows_read = coalesce(k.n, 0), rows_quarantined = 0
    from (select s.file, s.sheet, sum(c.n) as n from ingest_sources s left join (${sources}) c
          on c._source = regexp_extract(s.file, '[^/\\\\]+$') || coalesce(' [' || s.sheet || ']', '') group by all) k
    where ingest_sources.file = k.file and ingest_sources.sheet is not distinct from k.sheet`);
}

/** Seeds are read from files at run time: overrides of customers outside the audience go after the run. */
export async function cutSeedsToAudience(conn: DuckDBConnection) {
  await conn.run(`delete from grade_overrides where customer_id not in (select customer_id from raw_customers)`);
  await conn.run(`delete from grade_override_audit where customer_id not in (select customer_id from raw_customers)`);
}
