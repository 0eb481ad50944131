/**
 * Audience builds: the static-site answer to a CRM's data scopes (self, department, department
 * and below). The warehouse's raw tables are cut down to the audience's rows before the models
 * run, so every mart, page and file of that site is computed from those rows alone: nothing
 * has to remember to filter, and nothing can leak by forgetting to.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AudienceConfig } from "../lib/config.ts";
import { lit } from "../lib/sql.ts";

const list = (xs: string[]) => (xs.length ? xs.map(lit).join(", ") : "null");
/** Deletes the rows for which `cond` is not true (null counts as not true). */
const keep = (table: string, cond: string) => `delete from ${table} where not coalesce(${cond}, false)`;

/** Deletes every raw row outside the audience; returns how many customers remain. */
export async function cutToAudience(conn: DuckDBConnection, name: string, a: AudienceConfig): Promise<number> {
  const steps = [
    `create or replace temp table aud_departments as
      with recursive d(department_id) as (
        select department_id from raw_departments where department_id in (${list(a.departments)})
        ${a.include_sub_departments ? "union select r.department_id from raw_departments r join d on r.parent_department_id = d.department_id" : ""}
      ) select department_id from d union select unnest([${list(a.departments)}]::varchar[])`,
    `create or replace temp table aud_salespeople as
      select salesperson_id from raw_salespeople where department_id in (select department_id from aud_departments)
      union select unnest([${list(a.salespeople)}]::varchar[])`,
    // Customers belong to their owner; customers without one (flat exports) to whoever sold to them.
    `create or replace temp table aud_customers as
      select customer_id from raw_customers where owner_id in (select salesperson_id from aud_salespeople)
      union select c.customer_id from raw_customers c join raw_orders o using (customer_id)
        where c.owner_id is null and (o.salesperson_id in (select salesperson_id from aud_salespeople) or o.department_id in (select department_id from aud_departments))`,
    keep("raw_customers", "customer_id in (select customer_id from aud_customers)"),
    keep("raw_orders", "customer_id in (select customer_id from aud_customers)"),
    keep("raw_order_lines", "order_id in (select order_id from raw_orders)"),
    keep("raw_invoices", "customer_id in (select customer_id from aud_customers)"),
    keep("raw_payments", "customer_id in (select customer_id from aud_customers) or customer_id is null and invoice_id in (select invoice_id from raw_invoices)"),
    // Prospects are not in the customer export: theirs are the audience's salespeople's.
    keep("raw_opportunities", `customer_id in (select customer_id from aud_customers)
      or (customer_id is null or customer_id not in (select customer_id from raw_customers)) and salesperson_id in (select salesperson_id from aud_salespeople)`),
    keep("raw_tickets", "customer_id in (select customer_id from aud_customers)"),
    keep("raw_salespeople", "salesperson_id in (select salesperson_id from aud_salespeople)"),
    keep("raw_departments", "department_id in (select department_id from aud_departments)"),
    keep("raw_targets", "salesperson_id in (select salesperson_id from aud_salespeople) or salesperson_id is null and department_id in (select department_id from aud_departments)"),
    keep("raw_products", "product_id in (select product_id from raw_order_lines)"),
    // Quarantined records and file notes quote rows of the whole company.
    `delete from quarantine`,
    `update ingest_sources set note = null`,
    `create or replace table tierboard_audience as select ${lit(name)} as name, ${lit(a.title ?? name)} as title`,
  ];
  for (const sql of steps) await conn.run(sql);
  const r = await conn.runAndReadAll("select count(*)::bigint as n from raw_customers");
  return Number(r.getRowObjectsJS()[0]!.n);
}

/** Seeds are read from files at run time: overrides of customers outside the audience go after the run. */
export async function cutSeedsToAudience(conn: DuckDBConnection) {
  await conn.run(`delete from grade_overrides where customer_id not in (select customer_id from raw_customers)`);
  await conn.run(`delete from grade_override_audit where customer_id not in (select customer_id from raw_customers)`);
}
