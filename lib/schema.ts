/**
 * The canonical schema: the one definition of what Tierboard loads.
 *
 * Each table is a zod object. The ingest turns these definitions into SQL
 * (see validate.ts) so that row checks run inside DuckDB at millions of rows
 * a second; `parseRow` below runs the very same definitions in JavaScript for
 * small inputs and for tests that hold the two to the same verdicts.
 */
import { z } from "zod";

export const OPPORTUNITY_STAGES = ["lead", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const TARGET_GRAINS = ["month", "quarter", "year"] as const;

type Meta = { description: string; key?: boolean; code?: boolean; ratio?: boolean; contact?: boolean; past?: boolean };
const m = <T extends z.ZodType>(t: T, meta: Meta) => t.meta(meta);

const id = (description: string, key = false) => m(z.string().min(1), { description, key, code: true });
const optId = (description: string) => m(z.string().min(1).optional(), { description, code: true });
const text = (description: string, contact = false) => m(z.string().optional(), { description, contact });
const money = (description: string) => m(z.number().optional(), { description });
const reqMoney = (description: string) => m(z.number(), { description });
const date = (description: string) => m(z.date().optional(), { description });
const reqDate = (description: string) => m(z.date(), { description });
// Dates of things that have happened: one in the future would move every report's as-of date.
const pastDate = (description: string) => m(z.date(), { description, past: true });
const int = (description: string) => m(z.int().optional(), { description });
const bool = (description: string) => m(z.boolean().optional(), { description });

export const tables = {
  departments: z.object({
    department_id: id("Department code.", true),
    department_name: text("Department name."),
    parent_department_id: optId("Parent department, for department trees."),
    region: text("Sales region the department covers."),
  }),
  salespeople: z.object({
    salesperson_id: id("Salesperson (owner) code.", true),
    salesperson_name: text("Salesperson name."),
    department_id: optId("Department the salesperson belongs to."),
    email: text("Work e-mail.", true),
    phone: text("Work phone.", true),
    hire_date: date("Date the salesperson joined."),
    is_active: bool("Still employed."),
  }),
  customers: z.object({
    customer_id: id("Customer code.", true),
    customer_name: text("Customer (company) name."),
    customer_type: text("Customer type, e.g. enterprise, distributor, government."),
    industry: text("Industry."),
    province: text("Province or state."),
    city: text("City."),
    region: text("Sales region."),
    employee_size: text("Employee size band, e.g. 50-199."),
    source: text("Lead source the customer came from."),
    owner_id: optId("Salesperson who owns the customer."),
    created_date: date("Date the customer record was created."),
    status: text("Status in the CRM."),
    contact_name: text("Contact person.", true),
    phone: text("Contact phone.", true),
    email: text("Contact e-mail.", true),
    address: text("Address.", true),
    credit_limit: money("Credit limit."),
    payment_terms_days: int("Payment terms in days."),
    purchase_potential: money("The customer's annual purchase potential for what we sell (年采购额), for its share of wallet."),
  }),
  products: z.object({
    product_id: id("Product code (SKU).", true),
    product_name: text("Product name."),
    category: text("Product category."),
    subcategory: text("Product subcategory."),
    unit: text("Unit of measure."),
    list_price: money("List price per unit."),
    unit_cost: money("Standard cost per unit."),
    is_active: bool("Still sold."),
  }),
  orders: z.object({
    order_id: id("Order (contract) number.", true),
    order_date: pastDate("Order date."),
    customer_id: id("Customer who ordered."),
    salesperson_id: optId("Salesperson credited with the order."),
    department_id: optId("Department credited with the order."),
    order_type: text("Order type, e.g. sale or return."),
    status: text("Order status."),
    currency: text("Currency code."),
    ship_date: date("Ship date."),
  }),
  order_lines: z.object({
    order_id: id("Order number the line belongs to."),
    line_number: int("Line number within the order; numbered in file order when missing."),
    product_id: id("Product sold."),
    quantity: reqMoney("Quantity; negative on returns."),
    unit_price: money("Net price per unit."),
    discount: money("Discount rate (0.1 = 10%) when the export has one."),
    amount: money("Net line amount (revenue); quantity x unit price when missing."),
    cost: money("Total cost of the line; quantity x unit cost when the export has unit cost."),
    unit_cost: money("Cost per unit."),
    profit: money("Gross profit of the line, when the export states it instead of cost."),
    // Columns of a flat "sales detail" export, from which orders, customers and products are derived.
    order_date: m(z.date().optional(), { description: "Order date (flat sales-lines exports).", past: true }),
    customer_id: optId("Customer (flat sales-lines exports)."),
    customer_name: text("Customer name (flat sales-lines exports)."),
    product_name: text("Product name (flat sales-lines exports)."),
    category: text("Product category (flat sales-lines exports)."),
    salesperson_id: optId("Salesperson (flat sales-lines exports)."),
    salesperson_name: text("Salesperson name (flat sales-lines exports)."),
    department_id: optId("Department (flat sales-lines exports)."),
    region: text("Region (flat sales-lines exports)."),
    province: text("Province (flat sales-lines exports)."),
    city: text("City (flat sales-lines exports)."),
    industry: text("Customer industry (flat sales-lines exports)."),
  }),
  invoices: z.object({
    invoice_id: id("Invoice number.", true),
    customer_id: id("Customer invoiced."),
    order_id: optId("Order the invoice bills."),
    invoice_date: pastDate("Invoice date."),
    due_date: date("Payment due date."),
    amount: reqMoney("Invoiced amount."),
    currency: text("Currency code."),
    status: text("Invoice status."),
  }),
  payments: z.object({
    payment_id: id("Receipt (payment) number.", true),
    customer_id: optId("Customer who paid."),
    invoice_id: optId("Invoice the payment settles."),
    payment_date: pastDate("Date received."),
    amount: reqMoney("Amount received."),
    method: text("Payment method."),
  }),
  opportunities: z.object({
    opportunity_id: id("Opportunity number.", true),
    customer_id: optId("Customer or prospect."),
    customer_name: text("Customer or prospect name."),
    opportunity_name: text("Opportunity name."),
    stage: m(z.enum(OPPORTUNITY_STAGES), { description: "Sales stage." }),
    amount: money("Expected amount."),
    probability: m(z.number().min(0).max(1).optional(), { description: "Win probability, 0-1 (60% and 60 both read as 0.6).", ratio: true }),
    expected_close_date: date("Expected close date."),
    created_date: date("Date created."),
    closed_date: date("Date won or lost."),
    salesperson_id: optId("Owner."),
    source: text("Lead source."),
  }),
  tickets: z.object({
    ticket_id: id("Service ticket number.", true),
    customer_id: id("Customer who raised it."),
    created_at: m(z.date(), { description: "When it was raised.", past: true }),
    first_response_at: m(z.date().optional(), { description: "First response." }),
    resolved_at: m(z.date().optional(), { description: "When it was resolved." }),
    priority: m(z.enum(TICKET_PRIORITIES).optional(), { description: "Priority." }),
    category: text("Ticket category."),
    status: text("Status."),
    channel: text("Channel it came in by."),
  }),
  targets: z.object({
    period_start: reqDate("First day of the target period (2024-01 reads as 2024-01-01)."),
    grain: m(z.enum(TARGET_GRAINS).optional(), { description: "Length of the target period; month when missing." }),
    salesperson_id: optId("Salesperson the target is for."),
    department_id: optId("Department the target is for."),
    target_amount: reqMoney("Revenue target."),
  }),
} as const;

export type TableName = keyof typeof tables;
export const TABLE_NAMES = Object.keys(tables) as TableName[];

export type ColumnKind = "string" | "integer" | "number" | "date" | "timestamp" | "boolean" | "enum";

/**
 * Checks across columns of one row, in SQL over the typed columns; `column` is where the reason
 * is filed. zod's refine cannot be turned into SQL, so these live beside the schema.
 */
export const ROW_CHECKS: Partial<Record<TableName, { column: string; cond: string; reason: string }[]>> = {
  order_lines: [
    { column: "amount", cond: "amount is null and (unit_price is null or quantity is null)", reason: "no amount, and no unit price to work it out from" },
  ],
};

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  required: boolean;
  description: string;
  key: boolean;
  /** an id (a code): text exactly as written, matched across exports */
  id: boolean;
  ratio: boolean;
  contact: boolean;
  /** a date of something that has happened, so never after today */
  past: boolean;
  values?: readonly string[];
}

/** Date-only columns end in _date; _at columns keep the time of day. */
function kindOf(name: string, t: z.ZodType): ColumnKind {
  const def = (t as any)._zod.def;
  switch (def.type) {
    case "string":
      return "string";
    case "number":
      return def.format === "safeint" || (t as any).format === "safeint" ? "integer" : "number";
    case "date":
      return name.endsWith("_at") ? "timestamp" : "date";
    case "boolean":
      return "boolean";
    case "enum":
      return "enum";
  }
  throw new Error(`schema: column ${name} has unsupported zod type ${def.type}`);
}

export function columnsOf(table: TableName): ColumnDef[] {
  const shape = tables[table].shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, outer]) => {
    const meta = (outer.meta() ?? {}) as Meta;
    const optional = (outer as any)._zod.def.type === "optional";
    const inner: z.ZodType = optional ? (outer as any)._zod.def.innerType : outer;
    const kind = kindOf(name, inner);
    return {
      name,
      kind,
      required: !optional,
      description: meta.description,
      key: meta.key ?? false,
      id: meta.code ?? false,
      ratio: meta.ratio ?? false,
      contact: meta.contact ?? false,
      past: meta.past ?? false,
      values: kind === "enum" ? ((inner as any).options as string[]) : undefined,
    };
  });
}

export function keyOf(table: TableName): string | undefined {
  return columnsOf(table).find((c) => c.key)?.name;
}

/** Validates one already-typed row with zod; used for small inputs and to cross-check the SQL checks. */
export function parseRow(table: TableName, row: Record<string, unknown>) {
  const clean = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined));
  return tables[table].safeParse(clean);
}

/** The canonical schema as Markdown, for the README (a test keeps the two in step). */
export function schemaMarkdown(): string {
  const kinds: Record<ColumnKind, string> = { string: "text", integer: "whole number", number: "number", date: "date", timestamp: "date and time", boolean: "yes/no", enum: "one of" };
  return TABLE_NAMES.map((t) => {
    const rows = columnsOf(t).map(
      (c) => `| \`${c.name}\` | ${c.kind === "enum" ? `one of ${c.values!.join(", ")}` : kinds[c.kind]} | ${c.required ? "yes" : ""} | ${c.description}${c.contact ? " (contact detail)" : ""} |`,
    );
    return `#### \`raw_${t}\`\n\n| column | type | required | meaning |\n| --- | --- | --- | --- |\n${rows.join("\n")}\n`;
  }).join("\n");
}
