/**
 * The marts against a small business whose numbers are worked out by hand below. The fixture
 * goes through the real ingest and the real models; vars are the defaults unless a test says.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { fixture } from "./fixture.ts";

// 2024: C1 200, C2 200, C3 50, C6 50 (total 500). 2025 (to 2025-06-03): C1 500, C2 300, C3 100, C4 60, C5 40 (total 1000).
const FILES = {
  "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\nC2,Beta,East,S1\nC3,Gamma,West,S2\nC4,Delta,West,S2\nC5,Epsilon,West,S2\nC6,Zeta,East,S1\n",
  "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\nS2,Li,D2\n",
  "products.csv": "product_id,product_name,category\nP1,Sensor,Sensors\nP2,Cable,Cables\n",
  "orders.csv": [
    "order_id,order_date,customer_id",
    "O1,2024-03-10,C1", "O2,2024-03-20,C2", "O3,2024-06-01,C3", "O4,2024-06-15,C6",
    "O5,2025-03-05,C1", "O6,2025-04-10,C2", "O7,2025-06-01,C3", "O8,2025-06-02,C4", "O9,2025-06-03,C5",
  ].join("\n") + "\n",
  "order_lines.csv": [
    "order_id,line_no,product_id,quantity,unit_price,amount,cost",
    "O1,1,P1,2,100,200,120", "O2,1,P2,4,50,200,80", "O3,1,P1,1,50,50,25", "O4,1,P2,1,50,50,25",
    "O5,1,P1,5,100,500,400", "O6,1,P2,6,50,300,150", "O7,1,P1,1,100,100,50", "O8,1,P2,1,60,60,30", "O9,1,P2,1,40,40,20",
  ].join("\n") + "\n",
  "invoices.csv": "invoice_id,customer_id,order_id,invoice_date,due_date,amount\nI1,C1,O5,2025-03-05,2025-04-04,500\nI2,C2,O6,2025-04-10,2025-05-10,300\n",
  "payments.csv": "payment_id,invoice_id,payment_date,amount\nPM1,I1,2025-04-01,300\nPM2,I1,2025-05-01,200\n",
};
const OVERRIDES = [
  "customer_id,grade,reason,set_by,set_at,valid_until",
  "C5,A,Strategic account,Wang,2025-05-01,2025-12-31",
  "C3,D,Slow payer,Li,2024-12-01,2025-01-31",
  "C9,B,Typo in the code,Li,2025-05-01,",
].join("\n") + "\n";

// The repo's project with this fixture's overrides.
const business = fixture("marts", FILES, { "grade_overrides.csv": OVERRIDES });
const build = business.build;
let warehouse: string;
const q = <T = Record<string, unknown>>(sql: string, path = warehouse) => business.query<T>(sql, path);

beforeAll(async () => {
  warehouse = await build();
}, 120_000);

describe("customer_grades", () => {
  test("grades 2025 by ABC, composite score and overrides, exactly", async () => {
    const rows = await q(`select customer_id, revenue::double as revenue, revenue_rank, round(cumulative_share_before, 6) as before, abc_grade,
      credit_score::double as credit, revenue_score::double as rev_s, profit_score::double as prof_s, score::double as score, score_grade, final_grade, is_override
      from customer_grades where period = '2025' order by revenue_rank`);
    expect(rows).toEqual([
      // share before = revenue of those ranked before / 1000; A while < 0.80, B while < 0.95.
      // score = 0.1 credit + 0.3 revenue_score + 0.6 profit_score (weights sum to 1).
      // C1: credit 60 (300 of 500 paid by the due date), 0.1*60 + 0.3*100 + 0.6*75 = 81
      { customer_id: "C1", revenue: 500, revenue_rank: 1, before: 0, abc_grade: "A", credit: 60, rev_s: 100, prof_s: 75, score: 81, score_grade: "B", final_grade: "A", is_override: false },
      // C2: credit 0 (300 due 2025-05-10, unpaid), 0 + 0.3*75 + 0.6*100 = 82.5: the best score, so score grade A
      { customer_id: "C2", revenue: 300, revenue_rank: 2, before: 0.5, abc_grade: "A", credit: 0, rev_s: 75, prof_s: 100, score: 82.5, score_grade: "A", final_grade: "A", is_override: false },
      // C3: no invoice due: credit 50; 5 + 0.3*50 + 0.6*50 = 50; 0.8 is not below 0.80, so B
      { customer_id: "C3", revenue: 100, revenue_rank: 3, before: 0.8, abc_grade: "B", credit: 50, rev_s: 50, prof_s: 50, score: 50, score_grade: "C", final_grade: "B", is_override: false },
      // C4: 5 + 0.3*25 + 0.6*25 = 27.5; score rank 4 of 5: (4-1)/5 = 0.6 < 0.70, so C
      { customer_id: "C4", revenue: 60, revenue_rank: 4, before: 0.9, abc_grade: "B", credit: 50, rev_s: 25, prof_s: 25, score: 27.5, score_grade: "C", final_grade: "B", is_override: false },
      // C5: 5 + 0 + 0 = 5, score grade D; 0.96 >= 0.95 so C by ABC, but the applied override makes it A
      { customer_id: "C5", revenue: 40, revenue_rank: 5, before: 0.96, abc_grade: "C", credit: 50, rev_s: 0, prof_s: 0, score: 5, score_grade: "D", final_grade: "A", is_override: true },
    ]);
  });

  test("breaks revenue ties by customer id and never rewrites a past year with an override", async () => {
    // 2024: C1 200 and C2 200 tie, C1 first; C3 50 and C6 50 tie, C3 first. Shares before: 0, 0.4, 0.8, 0.9.
    expect(await q("select customer_id, revenue_rank, abc_grade, final_grade from customer_grades where period = '2024' order by revenue_rank")).toEqual([
      { customer_id: "C1", revenue_rank: 1, abc_grade: "A", final_grade: "A" },
      { customer_id: "C2", revenue_rank: 2, abc_grade: "A", final_grade: "A" },
      { customer_id: "C3", revenue_rank: 3, abc_grade: "B", final_grade: "B" },
      { customer_id: "C6", revenue_rank: 4, abc_grade: "B", final_grade: "B" },
    ]);
  });

  test("moves with var abc_a_cut: at 0.5, C2 (share before 0.5) is no longer A", async () => {
    const other = await build({ abc_a_cut: 0.5 }, "cut");
    expect(await q("select customer_id, abc_grade from customer_grades where period = '2025' order by revenue_rank", other)).toEqual([
      { customer_id: "C1", abc_grade: "A" },
      { customer_id: "C2", abc_grade: "B" },
      { customer_id: "C3", abc_grade: "B" },
      { customer_id: "C4", abc_grade: "B" },
      { customer_id: "C5", abc_grade: "C" },
    ]);
  });

  test("audits every override", async () => {
    expect(await q("select customer_id, status from grade_override_audit order by customer_id")).toEqual([
      { customer_id: "C3", status: "expired" }, // valid until 2025-01-31, as of 2025-06-03
      { customer_id: "C5", status: "applied" },
      { customer_id: "C9", status: "unknown customer" },
    ]);
  });
});

test("grade_migration counts 2024 -> 2025 moves, with new and lost customers", async () => {
  expect(await q("select from_grade, to_grade, customer_count::int as n, from_revenue::double as f, to_revenue::double as t from grade_migration where to_period = '2025' order by 1, 2")).toEqual([
    { from_grade: "A", to_grade: "A", n: 2, f: 400, t: 800 }, // C1 200 -> 500, C2 200 -> 300
    { from_grade: "B", to_grade: "B", n: 1, f: 50, t: 100 }, // C3
    { from_grade: "B", to_grade: "lost", n: 1, f: 50, t: 0 }, // C6 bought nothing in 2025
    { from_grade: "new", to_grade: "A", n: 1, f: 0, t: 40 }, // C5, A by override
    { from_grade: "new", to_grade: "B", n: 1, f: 0, t: 60 }, // C4
  ]);
});

test("pareto gives the curve and the top-20% share", async () => {
  const customers = await q<{ rank: number; s: number; e: number; top: number }>(
    "select rank, round(cumulative_value_share, 6) s, cumulative_entity_share e, top20_value_share top from pareto where period = '2025' and entity = 'customer' and measure = 'revenue' order by rank",
  );
  // 500, 800, 900, 960, 1000 of 1000; the top ceil(0.2 x 5) = 1 customer brings 0.5.
  expect(customers.map((r) => [r.rank, r.s, r.e, r.top])).toEqual([[1, 0.5, 0.2, 0.5], [2, 0.8, 0.4, 0.5], [3, 0.9, 0.6, 0.5], [4, 0.96, 0.8, 0.5], [5, 1, 1, 0.5]]);
  // Products: P1 600 (500 + 100), P2 400; top ceil(0.2 x 2) = 1 product brings 0.6.
  expect(await q("select entity_id, value::double v, top20_value_share top from pareto where period = '2025' and entity = 'product' and measure = 'revenue' order by rank")).toEqual([
    { entity_id: "P1", v: 600, top: 0.6 },
    { entity_id: "P2", v: 400, top: 0.6 },
  ]);
});

describe("topn", () => {
  test("ranks customers with share of total and last year's value and rank", async () => {
    expect(await q("select rank, member_id, value::double v, share_of_total s, prev_value::double pv, prev_rank pr from topn where period = '2025' and dimension = 'customer' and metric = 'revenue' order by rank")).toEqual([
      { rank: 1, member_id: "C1", v: 500, s: 0.5, pv: 200, pr: 1 },
      { rank: 2, member_id: "C2", v: 300, s: 0.3, pv: 200, pr: 2 },
      { rank: 3, member_id: "C3", v: 100, s: 0.1, pv: 50, pr: 3 },
      { rank: 4, member_id: "C4", v: 60, s: 0.06, pv: null, pr: null },
      { rank: 5, member_id: "C5", v: 40, s: 0.04, pv: null, pr: null },
    ]);
  });

  test("ranks categories, and receivables through the customer", async () => {
    // Sensors: 500 + 100 (2024: 200 + 50); Cables: 300 + 60 + 40 (2024: 200 + 50).
    expect(await q("select member_id, value::double v, prev_value::double pv from topn where period = '2025' and dimension = 'category' and metric = 'revenue' order by rank")).toEqual([
      { member_id: "Sensors", v: 600, pv: 250 },
      { member_id: "Cables", v: 400, pv: 250 },
    ]);
    // At 2025-06-03 only I2 (C2, 300) is open.
    expect(await q("select member_id, value::double v from topn where period = '2025' and dimension = 'customer' and metric = 'receivables_balance'")).toEqual([{ member_id: "C2", v: 300 }]);
  });
});

describe("period_comparison", () => {
  const row = (grain: string, start: string, metric = "revenue") =>
    q(`select value::double v, prev_value::double p, growth::double g, growth_rate r, yoy_value::double y, yoy_growth::double yg, round(yoy_growth_rate, 6) yr, is_partial, is_yoy_to_date
       from period_comparison where grain = '${grain}' and period_start = date '${start}' and metric = '${metric}' and breakdown = 'none'`);

  test("gives MoM and YoY with growth rates undefined after a zero", async () => {
    // March 2025: 500 against February's 0 (rate undefined) and March 2024's 400 (+25%).
    expect(await row("month", "2025-03-01")).toEqual([{ v: 500, p: 0, g: 500, r: null, y: 400, yg: 100, yr: 0.25, is_partial: false, is_yoy_to_date: false }]);
    // April 2025: 300 against March's 500 (-40%) and April 2024's 0 (rate undefined).
    expect(await row("month", "2025-04-01")).toEqual([{ v: 300, p: 500, g: -200, r: -0.4, y: 0, yg: 300, yr: null, is_partial: false, is_yoy_to_date: false }]);
  });

  test("fills months without sales with zero", async () => {
    expect(await row("month", "2024-04-01")).toEqual([{ v: 0, p: 400, g: -400, r: -1, y: null, yg: null, yr: null, is_partial: false, is_yoy_to_date: false }]);
  });

  test("compares the partial current period with the same days a year earlier", async () => {
    // June 2025 up to the 3rd: 100 + 60 + 40 = 200; June 1-3 2024: 50 (O3; O4 on the 15th is later).
    expect(await row("month", "2025-06-01")).toEqual([{ v: 200, p: 0, g: 200, r: null, y: 50, yg: 150, yr: 3, is_partial: true, is_yoy_to_date: true }]);
    // 2025 to June 3rd: 1000; 2024 to June 3rd: 200 + 200 + 50 = 450 (+122.2%); all of 2024: 500 (+100%).
    expect(await row("year", "2025-01-01")).toEqual([{ v: 1000, p: 500, g: 500, r: 1, y: 450, yg: 550, yr: 1.222222, is_partial: true, is_yoy_to_date: true }]);
  });

  test("counts new and active customers", async () => {
    expect((await row("month", "2025-06-01", "new_customers"))[0]!.v).toBe(2); // C4, C5
    expect((await row("month", "2025-06-01", "active_customers"))[0]!.v).toBe(3); // C3, C4, C5
  });

  test("draws a breakdown's largest members by the last 12 months' revenue, the rest as others counted afresh", async () => {
    // Default: 5 lines, and this business has 2 regions and 2 categories, so nothing is "others".
    expect(await q("select count(*)::int n from period_comparison where member = '(others)'")).toEqual([{ n: 0 }]);
    // One line: the 12 months to 2025-06-03 give East 850 (C1 500, C2 300, C6 50) and West 200;
    // Sensors 600 (O5, O7) and Cables 450. West and Cables become "others".
    const one = await business.build({ growth_breakdown_lines: 1 }, "one-line");
    const at = (breakdown: string, grain: string, start: string, metric: string) =>
      q(`select member, member_rank::int member_rank, is_others, value::double v from period_comparison
         where breakdown = '${breakdown}' and grain = '${grain}' and period_start = date '${start}' and metric = '${metric}' order by member_rank nulls last`, one);
    expect(await at("region", "month", "2025-06-01", "revenue")).toEqual([
      { member: "East", member_rank: 1, is_others: false, v: 0 },
      { member: "(others)", member_rank: 2, is_others: true, v: 200 }, // C3 100, C4 60, C5 40
      { member: "West", member_rank: null, is_others: false, v: 200 }, // still there for its own view
    ]);
    // 2024's West: C3's 50.
    expect((await at("region", "year", "2024-01-01", "revenue"))[1]).toMatchObject({ member: "(others)", v: 50 });
    // June 2025's Cables: O8 and O9, two customers (C4, C5), counted as customers, not summed.
    expect((await at("category", "month", "2025-06-01", "active_customers"))[1]).toMatchObject({ member: "(others)", v: 2 });
    expect((await at("category", "month", "2025-06-01", "order_count"))[1]).toMatchObject({ member: "(others)", v: 2 });
    // Others is a member like any other: 2024's Cables are O2 200 + O4 50, with no year before to compare.
    expect(await q(`select yoy_value::double y, value::double v from period_comparison
      where breakdown = 'category' and grain = 'year' and period_start = date '2024-01-01' and metric = 'revenue' and is_others`, one)).toEqual([{ y: null, v: 250 }]);
  }, 120_000);

  test("weeks start on Monday and compare with 52 weeks earlier", async () => {
    // 2025-06-01 is a Sunday (week of Mon 2025-05-26); 2025-06-02/03 fall in the week of Mon 2025-06-02.
    expect((await row("week", "2025-05-26"))[0]!.v).toBe(100);
    expect((await row("week", "2025-06-02"))[0]).toMatchObject({ v: 100, p: 100, is_partial: true });
  });
});

describe("orders of several lines", () => {
  // O1 (C1, 2025-02-10): two Sensors lines (P1 100, P3 50) and a Cables line (P2 30, no cost known);
  // O2 (C1, 2025-02-20): one Sensors line (P1 40); R1 (C1, 2025-02-25): a return of P2 -30.
  const multi = fixture("multi-line", {
    "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\n",
    "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\n",
    "products.csv": "product_id,product_name,category,unit_cost\nP1,Sensor,Sensors,60\nP2,Cable,Cables,\nP3,Probe,Sensors,20\n",
    "orders.csv": "order_id,order_date,customer_id,order_type\nO1,2025-02-10,C1,sale\nO2,2025-02-20,C1,sale\nR1,2025-02-25,C1,return\n",
    "order_lines.csv": [
      "order_id,line_no,product_id,quantity,unit_price,amount",
      "O1,1,P1,1,100,100", "O1,2,P3,1,50,50", "O1,3,P2,1,30,30", "O2,1,P1,1,40,40", "R1,1,P2,-1,30,-30",
    ].join("\n") + "\n",
  });
  let w: string;
  beforeAll(async () => {
    w = await multi.build();
  }, 120_000);

  test("sales_orders sums each order's lines; gross profit only of the lines that have one", async () => {
    expect(await multi.query(`select order_id, line_count::int n, quantity::double qty, revenue::double revenue, gross_profit::double gp, is_return
      from sales_orders order by order_id`, w)).toEqual([
      // O1: 100 + 50 + 30; profit (100 - 60) + (50 - 20), the cable's unknown
      { order_id: "O1", n: 3, qty: 3, revenue: 180, gp: 70, is_return: false },
      { order_id: "O2", n: 1, qty: 1, revenue: 40, gp: -20, is_return: false },
      { order_id: "R1", n: 1, qty: -1, revenue: -30, gp: null, is_return: true },
    ]);
  });

  test("an order counts once for its customer and once under each category it holds; returns are not orders", async () => {
    const topn = await multi.query(`select dimension, member_id, value::double v from topn
      where period = '2025' and metric = 'order_count' and dimension in ('customer', 'category', 'product') order by dimension, member_id`, w);
    // Sensors: O1 (two lines) and O2, on two days of the period; Cables: O1 only (R1 is a return).
    expect(topn).toEqual([
      { dimension: "category", member_id: "Cables", v: 1 },
      { dimension: "category", member_id: "Sensors", v: 2 },
      { dimension: "customer", member_id: "C1", v: 2 },
      { dimension: "product", member_id: "P1", v: 2 },
      { dimension: "product", member_id: "P2", v: 1 },
      { dimension: "product", member_id: "P3", v: 1 },
    ]);
    const growth = await multi.query(`select breakdown, member, value::double v from period_comparison
      where grain = 'month' and period_start = date '2025-02-01' and metric = 'order_count' and breakdown in ('none', 'category', 'region') and not is_others
      order by breakdown, member`, w);
    expect(growth).toEqual([
      { breakdown: "category", member: "Cables", v: 1 },
      { breakdown: "category", member: "Sensors", v: 2 },
      { breakdown: "none", member: "all", v: 2 },
      { breakdown: "region", member: "East", v: 2 },
    ]);
    expect(await multi.query(`select order_count::int n, revenue::double r from customer_grades where period = '2025'`, w)).toEqual([{ n: 2, r: 190 }]);
  });

  test("a customer's page lists its latest orders newest first, their lines in line order, lines only for the latest few", async () => {
    const detail = async (path: string) => JSON.parse((await multi.query<{ d: string }>(`select detail::varchar d from page_customer_details`, path))[0]!.d);
    const all = await detail(w);
    expect(all.order_count).toBe(3);
    expect(all.orders.map((o: { order_id: string; revenue: number; line_count: number }) => [o.order_id, o.revenue, o.line_count])).toEqual([
      ["R1", -30, 1],
      ["O2", 40, 1],
      ["O1", 180, 3],
    ]);
    // By line number, not by product (Cable, Probe, Sensor would be the other order).
    expect(all.orders[2].lines.map((l: { line: number; product: string; revenue: number }) => [l.line, l.product, l.revenue])).toEqual([
      [1, "Sensor", 100],
      [2, "Probe", 50],
      [3, "Cable", 30],
    ]);
    expect(all.monthly).toEqual([{ month: "2025-02", revenue: 190, gross_profit: 50 }]);
    // Two orders shown, the lines of the latest one only; the count stays complete.
    const few = await detail(await multi.build({ customer_page_orders: 2, customer_page_order_lines: 1 }, "few-orders"));
    expect(few.order_count).toBe(3);
    expect(few.orders.map((o: { order_id: string; lines: unknown[] | null }) => [o.order_id, o.lines?.length ?? null])).toEqual([["R1", 1], ["O2", null]]);
  }, 120_000);
});

test("a customer's page lists the latest day first and a day's orders by id; the latest few by id get their lines", async () => {
  // Three orders on 2025-03-05 (ids out of file order) after one on 2025-03-01. The page's list is
  // made by a window over each customer's orders (int_customer_recent_orders): its order is the
  // window's, which this pins. The latest two (recency: the day, then the higher id) carry lines.
  const sameDay = fixture("same-day", {
    "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\n",
    "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\n",
    "products.csv": "product_id,product_name,category,unit_cost\nP1,Sensor,Sensors,60\n",
    "orders.csv": "order_id,order_date,customer_id,order_type\nB2,2025-03-05,C1,sale\nO1,2025-03-01,C1,sale\nZ1,2025-03-05,C1,sale\nA9,2025-03-05,C1,sale\n",
    "order_lines.csv": ["order_id,line_no,product_id,quantity,unit_price,amount", "B2,1,P1,1,10,10", "O1,1,P1,1,20,20", "Z1,1,P1,1,30,30", "A9,1,P1,1,40,40"].join("\n") + "\n",
  });
  const w = await sameDay.build({ customer_page_order_lines: 2 });
  const detail = JSON.parse((await sameDay.query<{ d: string }>(`select detail::varchar d from page_customer_details`, w))[0]!.d);
  expect(detail.orders.map((o: { order_id: string; revenue: number; lines: unknown[] | null }) => [o.order_id, o.revenue, o.lines?.length ?? null])).toEqual([
    ["A9", 40, null],
    ["B2", 10, 1],
    ["Z1", 30, 1],
    ["O1", 20, null],
  ]);
}, 120_000);

test("a month's orders make a customer's page again from its orders shown before and the new ones: as a full build makes it", async () => {
  // Three orders shown (customer_page_orders), the latest two with their lines. Before the month, C1
  // shows O4 and O3 with lines and O2 without. The month brings O5 (the latest now), a second line
  // of O4, and O0, dated before all of them: C1 then shows O5 and O4 (with both lines) with lines,
  // O3 without (it lost them), and no longer O2. C2 orders nothing: its page is kept as it was.
  const vars = { customer_page_orders: 3, customer_page_order_lines: 2 };
  const lineHeader = "order_id,line_no,product_id,quantity,unit_price,amount";
  const months = fixture("shown-orders", {
    "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\nC2,Beta,East,S1\n",
    "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\n",
    "products.csv": "product_id,product_name,category,unit_cost\nP1,Sensor,Sensors,60\nP2,Cable,Cables,\n",
    "orders.csv": "order_id,order_date,customer_id,order_type\nO1,2025-03-01,C1,sale\nO2,2025-03-02,C1,sale\nO3,2025-03-03,C1,sale\nO4,2025-03-04,C1,sale\nP1,2025-03-02,C2,sale\n",
    "order_lines.csv": [lineHeader, "O1,1,P1,1,10,10", "O2,1,P1,1,20,20", "O3,1,P1,1,30,30", "O4,1,P1,1,40,40", "P1,1,P2,1,5,5"].join("\n") + "\n",
  });
  const shown = async (w: string) =>
    Object.fromEntries(
      (await months.query<{ customer_id: string; detail: string }>("select customer_id, detail::varchar as detail from page_customer_details order by 1", w)).map((r) => [
        r.customer_id,
        (JSON.parse(r.detail).orders as { order_id: string; lines: { line: number }[] | null }[]).map((o) => `${o.order_id}:${o.lines ? o.lines.map((l) => l.line).join("+") : "-"}`),
      ]),
    );
  const inc = await months.build(vars, "months");
  expect(await shown(inc)).toEqual({ C1: ["O4:1", "O3:1", "O2:-"], C2: ["P1:1"] });
  months.add({
    "2025-04/orders.csv": "order_id,order_date,customer_id,order_type\nO5,2025-04-01,C1,sale\nO0,2025-02-01,C1,sale\n",
    "2025-04/order_lines.csv": [lineHeader, "O5,1,P1,1,50,50", "O4,2,P2,1,4,4", "O0,1,P1,1,1,1"].join("\n") + "\n",
  });
  await months.build(vars, "months");
  const run = Object.fromEntries(months.models().map((m) => [m.name, m.status === "success" ? m.mode : m.status]));
  expect(run).toMatchObject({ int_customer_shown_orders: "incremental", int_customer_recent_orders: "incremental" });
  // Newest day first; the latest two carry their lines.
  expect(await shown(inc)).toEqual({ C1: ["O5:1", "O4:1+2", "O3:-"], C2: ["P1:1"] });
  // The same rows as a build of the same exports from nothing (but the load that added them).
  const full = await months.build(vars, "full");
  const rows = "select * exclude (_load_id) from int_customer_shown_orders order by order_id";
  expect(await months.query(rows, inc)).toEqual(await months.query(rows, full));
}, 120_000);

test("an order counts once under the category breakdown's '(others)', however many of its lines fall there", async () => {
  // March 2025, one category drawn (Sensors: 500 + 200 = 700); Cables and Probes are '(others)'.
  // O1 (C1): a Sensors line and two lines of the others; O2 (C2): Sensors only; O3 (C1): two Cables
  // lines; R1 (C2): a returned probe, in the revenue but neither an order nor an active customer.
  const others = fixture("others", {
    "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\nC2,Beta,East,S1\n",
    "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\n",
    "products.csv": "product_id,product_name,category\nP1,Sensor,Sensors\nP2,Cable,Cables\nP3,Probe,Probes\n",
    "orders.csv": "order_id,order_date,customer_id,order_type\nO1,2025-03-05,C1,sale\nO2,2025-03-10,C2,sale\nO3,2025-03-12,C1,sale\nR1,2025-03-15,C2,return\n",
    "order_lines.csv": [
      "order_id,line_no,product_id,quantity,unit_price,amount",
      "O1,1,P1,1,500,500", "O1,2,P2,1,40,40", "O1,3,P3,1,30,30", "O2,1,P1,1,200,200", "O3,1,P2,1,10,10", "O3,2,P2,1,5,5", "R1,1,P3,-1,30,-30",
    ].join("\n") + "\n",
  });
  const w = await others.build({ growth_breakdown_lines: 1 });
  const march = await others.query(`select member, metric, value::double v from period_comparison
    where breakdown = 'category' and grain = 'month' and period_start = date '2025-03-01' and metric in ('revenue', 'order_count', 'active_customers')
      and member in ('Sensors', '(others)') order by member, metric`, w);
  expect(march).toEqual([
    // 40 + 30 + 10 + 5 - 30; O1 and O3, each once; C1 alone (C2's return makes it no active customer).
    { member: "(others)", metric: "active_customers", v: 1 },
    { member: "(others)", metric: "order_count", v: 2 },
    { member: "(others)", metric: "revenue", v: 55 },
    { member: "Sensors", metric: "active_customers", v: 2 },
    { member: "Sensors", metric: "order_count", v: 2 },
    { member: "Sensors", metric: "revenue", v: 700 },
  ]);
  // The quarter and the year hold the same orders.
  expect(await others.query(`select grain, value::double v from period_comparison
    where breakdown = 'category' and member = '(others)' and metric = 'order_count' and grain in ('quarter', 'year') and period_start = date '2025-01-01' order by grain`, w)).toEqual([
    { grain: "quarter", v: 2 },
    { grain: "year", v: 2 },
  ]);
}, 120_000);

test("a customer's page lists its latest opportunities and tickets, newest first; a customer with neither gets empty lists", async () => {
  // C1: three opportunities (NB and NC created the same day: the higher id first) and two tickets;
  // C2: a ticket only; C3: neither. Two opportunities and one ticket are shown.
  const activity = fixture("activity", {
    "customers.csv": "customer_id,customer_name,region,owner_id\nC1,Alpha,East,S1\nC2,Beta,East,S1\nC3,Gamma,East,S1\n",
    "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\n",
    "products.csv": "product_id,product_name,category\nP1,Sensor,Sensors\n",
    "orders.csv": "order_id,order_date,customer_id\nO1,2025-03-05,C1\n",
    "order_lines.csv": "order_id,line_no,product_id,quantity,unit_price,amount\nO1,1,P1,1,100,100\n",
    "opportunities.csv": [
      "opportunity_id,customer_id,opportunity_name,stage,amount,probability,created_date,closed_date",
      "NA,C1,Trial,lead,100,0.1,2025-01-01,", "NB,C1,Pilot,proposal,200,0.5,2025-03-01,", "NC,C1,Rollout,proposal,300,0.5,2025-03-01,",
    ].join("\n") + "\n",
    "tickets.csv": [
      "ticket_id,customer_id,created_at,category,status",
      "T1,C1,2025-02-01 10:00,Delivery,closed", "T2,C1,2025-04-01 09:00,Billing,open", "T3,C2,2025-03-15 08:30,Quality,open",
    ].join("\n") + "\n",
  });
  const w = await activity.build({ customer_page_opportunities: 2, customer_page_tickets: 1 });
  const lists = await activity.query<{ customer_id: string; o: string; t: string }>(`select customer_id,
    array_to_string(list_transform(opportunities, x -> x.opportunity_id), '; ') o, array_to_string(list_transform(tickets, x -> x.ticket_id || ' ' || x.created), '; ') t
    from int_customer_activity order by customer_id`, w);
  expect(lists).toEqual([
    { customer_id: "C1", o: "NC; NB", t: "T2 2025-04-01 09:00" },
    { customer_id: "C2", o: "", t: "T3 2025-03-15 08:30" },
  ]);
  const pages = await activity.query<{ customer_id: string; d: string }>(`select customer_id, detail::varchar d from page_customer_details order by customer_id`, w);
  const shown = pages.map((p) => {
    const d = JSON.parse(p.d);
    return [p.customer_id, d.opportunities.map((o: { name: string }) => o.name), d.tickets.map((t: { category: string }) => t.category)];
  });
  expect(shown).toEqual([
    ["C1", ["Rollout", "Pilot"], ["Billing"]],
    ["C2", [], ["Quality"]],
    ["C3", [], []],
  ]);
}, 120_000);

test("receivables_aging buckets the open balance and gives DSO", async () => {
  // I2: 300 due 2025-05-10, 24 days overdue on 2025-06-03; invoiced in the last 90 days: 300, so DSO = 90.
  expect(await q("select customer_id, open_balance::double b, overdue_1_30::double o, max_days_overdue d, dso_days::double dso from receivables_aging")).toEqual([
    { customer_id: "C2", b: 300, o: 300, d: 24, dso: 90 },
  ]);
});
