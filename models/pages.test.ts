/**
 * The page models against a small business worked out by hand: the Overview's cards and the one
 * open-balance rule every page uses (Overview, TopN, the DSO trend, aging and the customer page),
 * on exports where some receipts name no invoice and some invoices are partly paid.
 * Through the real ingest and the real models, default vars.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { fixture } from "./fixture.ts";

const repo = resolve(import.meta.dirname, "..");

// Sales: 2024 C1 500 (Feb). 2025 (to the as-of date 2025-03-05): C1 1000 (Jan) + 200 (Feb),
// C2 400 (Feb), C3 300 (Mar): 1,900. C1 first bought in 2024, C2 and C3 in 2025.
const FILES = {
  "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\nC2,Beta,East,S1\nC3,Gamma,West,S2\n",
  "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\nS2,Li,D2\n",
  "products.csv": "product_id,product_name,category\nP1,Sensor,Sensors\n",
  "orders.csv": "order_id,order_date,customer_id\nO0,2024-02-10,C1\nO1,2025-01-15,C1\nO2,2025-02-10,C2\nO3,2025-02-20,C1\nO4,2025-03-05,C3\n",
  "order_lines.csv": "order_id,line_no,product_id,quantity,unit_price,amount,cost\nO0,1,P1,5,100,500,300\nO1,1,P1,10,100,1000,600\nO2,1,P1,4,100,400,200\nO3,1,P1,2,100,200,100\nO4,1,P1,3,100,300,150\n",
  "invoices.csv": [
    "invoice_id,customer_id,order_id,invoice_date,due_date,amount",
    "I0,C1,O0,2024-02-10,2024-03-11,500",
    "I1,C1,O1,2025-01-15,2025-02-14,1000",
    "I2,C1,O3,2025-02-20,2025-03-22,200",
    "I3,C2,O2,2025-02-10,2025-03-12,400",
    "I4,C3,O4,2025-03-05,2025-04-04,300",
  ].join("\n") + "\n",
  // P1 and P3 name no invoice (receipts on account); P2 pays part of I2; P3 is 100 more than C2 owes.
  "payments.csv": [
    "payment_id,customer_id,invoice_id,payment_date,amount",
    "P0,C1,I0,2024-03-01,500",
    "P1,C1,,2025-02-01,700",
    "P2,C1,I2,2025-02-25,150",
    "P3,C2,,2025-03-01,500",
  ].join("\n") + "\n",
  // S1 has targets for January and February; in March S2 has 400 but department D2 has its own 500.
  "targets.csv": "month,salesperson_id,department_id,target_amount\n2025-01,S1,,800\n2025-02,S1,,700\n2025-03,S2,,400\n2025-03,,D2,500\n",
};

const business = fixture("pages", FILES);
let warehouse: string;
const q = <T = Record<string, unknown>>(sql: string) => business.query<T>(sql, warehouse);

beforeAll(async () => {
  warehouse = await business.build();
}, 120_000);

describe("the open balance, one rule on every page", () => {
  // As of 2025-03-05:
  // C1 invoiced 500 + 1000 + 200 = 1700, received 500 + 700 + 150 = 1350: owes 350.
  //   I0 is paid by P0; P1 (on account) settles the oldest open invoice, I1: 700 of 1000, 300 open;
  //   P2 pays 150 of I2: 50 open.
  // C2 invoiced 400, received 500 (on account): I3 paid, owes 0, credit 100.
  // C3 invoiced 300, received nothing: owes 300.
  // Receivables 350 + 0 + 300 = 650. (Invoiced less only the receipts naming an invoice would say
  // 1,750; all invoiced less all received, netting C2's credit against the others' debt, 250.)
  const RECEIVABLES = 650;

  test("splits receipts on account over the oldest open invoices first, and keeps what is left as a credit", async () => {
    expect(await q(`select invoice_id, paid_amount::double as paid, open_amount::double as open from int_invoice_open_amounts order by invoice_id`)).toEqual([
      { invoice_id: "I0", paid: 500, open: 0 },
      { invoice_id: "I1", paid: 700, open: 300 },
      { invoice_id: "I2", paid: 150, open: 50 },
      { invoice_id: "I3", paid: 400, open: 0 },
      { invoice_id: "I4", paid: 0, open: 300 },
    ]);
    expect(await q(`select customer_id, open_balance::double as open, credit_balance::double as credit from int_customer_balances
      where balance_date = '2025-03-05' order by customer_id`)).toEqual([
      { customer_id: "C1", open: 350, credit: 0 },
      { customer_id: "C2", open: 0, credit: 100 },
      { customer_id: "C3", open: 300, credit: 0 },
    ]);
  });

  test("the Overview's card, TopN, the DSO trend, aging and the customer page agree", async () => {
    const [overview] = await q<{ receivables: number }>(`select receivables::double as receivables from page_overview_kpis where period = '2025' and dimension = 'none'`);
    const topn = await q<{ member_id: string; value: number }>(`select member_id, value::double as value from page_topn
      where period = '2025' and dimension = 'customer' and metric = 'receivables_balance' order by rank`);
    const [dso] = await q<{ receivables_balance: number; credit_balance: number }>(`select receivables_balance::double as receivables_balance,
      credit_balance::double as credit_balance from receivables_monthly where month_end = '2025-03-05'`);
    const [aging] = await q<{ open: number }>(`select open_balance::double as open from page_receivables_totals where dimension = 'none'`);
    const pages = await q<{ customer_id: string; detail: string }>(`select customer_id, detail from page_customer_details order by customer_id`);
    const details = pages.map((p) => JSON.parse(p.detail));

    expect(overview!.receivables).toBe(RECEIVABLES);
    expect(topn).toEqual([{ member_id: "C1", value: 350 }, { member_id: "C3", value: 300 }]);
    expect(dso).toEqual({ receivables_balance: RECEIVABLES, credit_balance: 100 });
    expect(aging!.open).toBe(RECEIVABLES);
    expect(details.map((d) => [d.customer_id, d.receivables?.open_balance ?? 0, d.receivables?.credit_balance ?? 0])).toEqual([
      ["C1", 350, 0],
      ["C2", 0, 100],
      ["C3", 300, 0],
    ]);
    expect(details[0].invoices.map((i: { invoice_id: string; paid: number }) => [i.invoice_id, i.paid])).toEqual([["I2", 150], ["I1", 700], ["I0", 500]]);
  });

  test("the balance at each month end follows the same rule", async () => {
    // 2025-01-31: C1 1500 - 500 = 1000. 2025-02-28: C1 1700 - 1350 = 350, C2 400 (P3 not yet in): 750.
    expect(await q(`select strftime(month_end, '%Y-%m-%d') as d, receivables_balance::double as b from receivables_monthly
      where month_end >= '2025-01-31' order by month_end`)).toEqual([
      { d: "2025-01-31", b: 1000 },
      { d: "2025-02-28", b: 750 },
      { d: "2025-03-05", b: 650 },
    ]);
  });

  test("aging puts the 300 left of I1 (due 2025-02-14, 19 days late) in 1-30 days", async () => {
    expect(await q(`select customer_id, current_amount::double as cur, overdue_1_30::double as d1_30, overdue_balance::double as overdue
      from receivables_aging order by customer_id`)).toEqual([
      { customer_id: "C1", cur: 50, d1_30: 300, overdue: 300 },
      { customer_id: "C3", cur: 300, d1_30: 0, overdue: 0 },
    ]);
  });
});

describe("the Overview's figures", () => {
  test("2025 against 2024, for everyone", async () => {
    const [k] = await q(`select revenue::double as revenue, prev_revenue::double as prev_revenue, revenue_growth_rate::double as revenue_growth_rate,
      receipts::double as receipts, prev_receipts::double as prev_receipts, receipts_growth_rate::double as receipts_growth_rate,
      receivables::double as receivables, prev_receivables::double as prev_receivables, receivables_growth_rate,
      active_customers, prev_active_customers, new_customers, prev_new_customers, new_customers_growth_rate::double as new_customers_growth_rate
      from page_overview_kpis where period = '2025' and dimension = 'none'`);
    expect(k).toEqual({
      revenue: 1900, prev_revenue: 500, revenue_growth_rate: 2.8, // (1900 - 500) / 500
      receipts: 1350, prev_receipts: 500, receipts_growth_rate: 1.7, // P1 + P2 + P3 against P0
      // 2024-12-31: C1 invoiced 500, received 500. A growth rate after 0 is undefined, not infinite.
      receivables: 650, prev_receivables: 0, receivables_growth_rate: null,
      active_customers: 3, prev_active_customers: 1,
      new_customers: 2, prev_new_customers: 1, new_customers_growth_rate: 1, // C2, C3 against C1
    });
  });

  test("per salesperson: sales to the order's salesperson, receivables and new customers to the customer's owner", async () => {
    expect(await q(`select member, revenue::double as revenue, receivables::double as receivables, new_customers
      from page_overview_kpis where period = '2025' and dimension = 'salesperson' order by member`)).toEqual([
      // The orders name no salesperson, so each is the customer's owner's: S1 1000 + 400 + 200, S2 300.
      // S1's receivables are C1's 350 (C2's credit does not lower them); new: C2 (S1) and C3 (S2).
      { member: "S1", revenue: 1600, receivables: 350, new_customers: 1 },
      { member: "S2", revenue: 300, receivables: 300, new_customers: 1 },
    ]);
  });

  test("month over month: March to date (300, marked partial) against February (600), and the margin's", async () => {
    const rows = await q(`select metric, value::double as value, prev_value::double as prev_value, round(growth_rate, 6)::double as growth_rate, is_partial
      from page_overview_mom where period = '2025' and dimension = 'none' and metric in ('revenue', 'gross_profit', 'margin', 'new_customers') order by metric`);
    expect(rows).toEqual([
      // Gross profit: March 300 - 150 = 150; February (400 - 200) + (200 - 100) = 300.
      // Margin: 150 / 300 = 0.5 in March, 300 / 600 = 0.5 in February: no change.
      // New customers: C3 in March, C2 in February.
      { metric: "gross_profit", value: 150, prev_value: 300, growth_rate: -0.5, is_partial: true },
      { metric: "margin", value: 0.5, prev_value: 0.5, growth_rate: 0, is_partial: true },
      { metric: "new_customers", value: 1, prev_value: 1, growth_rate: 0, is_partial: true },
      { metric: "revenue", value: 300, prev_value: 600, growth_rate: -0.5, is_partial: true },
    ]);
  });
});

describe("target attainment", () => {
  test("a department's target is its own where set, else its salespeople's; the company's is the departments' sum", async () => {
    expect(await q(`select dimension, member, target_amount::double as target, actual_revenue::double as actual, round(attainment, 4)::double as attainment,
        gap::double as gap, attainment_rank::int as rank, months::int as months
      from page_targets where period = '2025' order by dimension, member`)).toEqual([
      // D1: S1's 800 + 700 against S1's sales 1000 + 600. D2: its own 500 in March (S2's 400 is
      // not added on top) against D2's March sales, 300.
      { dimension: "department", member: "D1", target: 1500, actual: 1600, attainment: 1.0667, gap: 100, rank: 1, months: 2 },
      { dimension: "department", member: "D2", target: 500, actual: 300, attainment: 0.6, gap: -200, rank: 2, months: 1 },
      { dimension: "none", member: "all", target: 2000, actual: 1900, attainment: 0.95, gap: -100, rank: 1, months: 3 },
      { dimension: "salesperson", member: "S1", target: 1500, actual: 1600, attainment: 1.0667, gap: 100, rank: 1, months: 2 },
      { dimension: "salesperson", member: "S2", target: 400, actual: 300, attainment: 0.75, gap: -100, rank: 2, months: 1 },
    ]);
  });

  test("the monthly chart has the company and each department per month to the as-of date", async () => {
    expect(await q(`select strftime(month, '%Y-%m') as month, member, target_amount::double as target, actual_revenue::double as actual
      from page_targets_monthly where dimension = 'none' order by month`)).toEqual([
      { month: "2025-01", member: "all", target: 800, actual: 1000 },
      { month: "2025-02", member: "all", target: 700, actual: 600 },
      { month: "2025-03", member: "all", target: 500, actual: 300 },
    ]);
  });
});

describe("the Customers list per period", () => {
  test("each graded customer's grade, ABC band and move from the period before; the period's new customers come from 'new'", async () => {
    // 2025: C1 1200, C2 400, C3 300 (1,900). ABC: C1 A (nothing before it), C2 A (1200 / 1900 =
    // 63% before it, under 80%), C3 B (1600 / 1900 = 84% before it, under 95%).
    expect(await q(`select id, abc, previous_grade, prev_revenue::double as prev_revenue, revenue::double as revenue, round(revenue_growth_rate, 4)::double as growth
      from page_customer_periods where period = '2025' order by id`)).toEqual([
      { id: "C1", abc: "A", previous_grade: "A", prev_revenue: 500, revenue: 1200, growth: 1.4 },
      { id: "C2", abc: "A", previous_grade: "new", prev_revenue: 0, revenue: 400, growth: null },
      { id: "C3", abc: "B", previous_grade: "new", prev_revenue: 0, revenue: 300, growth: null },
    ]);
  });
});

test("the Growth page attaches one file per grain and breakdown page_growth has, no more and no fewer", async () => {
  // Framework needs each FileAttachment spelled out, so src/growth.md lists them; they must match the model.
  const page = readFileSync(join(repo, "src/growth.md"), "utf8");
  const attached = [...page.matchAll(/FileAttachment\("data\/growth\/([a-z]+-[a-z]+)\.json"\)/g)].map((m) => m[1]).sort();
  const cuts = await q<{ cut: string }>(`select distinct grain || '-' || breakdown as cut from page_growth order by 1`);
  expect(attached).toEqual(cuts.map((c) => c.cut));
});
