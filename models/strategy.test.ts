/**
 * Customer strategy against a small business worked out by hand: eight mature customers built to
 * land in every action class (key with a revenue tie, develop without payment history,
 * custodial, phase-out by slow collection twice and by late invoices, suspended by the bottom
 * share with one order and by returns only), two prospects (one pinned by an override), value
 * classes, churn warnings and lifetime value. Through the real ingest and the real models, with
 * review_share 0.5 so that classes of two or three flag someone.
 *
 * As of 2025-06-30 (A's last order). The 12 months W: 2024-07-01 to 2025-06-30; the 12 before P.
 * Revenue in W (cost in brackets): G -200 (-100, a return only), F 100 (50, one order),
 * H 2000 (1000), D 4000 (2000), C 4500 (4300), E 5000 (2500), A 10000 (5000), B 10000 (5000).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { fixture } from "./fixture.ts";

const orders: [string, string, string, string, number, number][] = [
  // order, date, customer, type, amount, cost
  ["OA0", "2024-01-10", "A", "sale", 5000, 2500], ["OA1", "2024-09-01", "A", "sale", 6000, 3000], ["OA2", "2025-06-30", "A", "sale", 4000, 2000],
  ["OB0", "2024-02-10", "B", "sale", 10000, 5000], ["OB1", "2024-10-01", "B", "sale", 5000, 2500], ["OB2", "2024-11-01", "B", "sale", 5000, 2500],
  ["OC0", "2024-03-01", "C", "sale", 3000, 1500], ["OC1", "2024-11-01", "C", "sale", 4500, 4300],
  ["OD0", "2023-10-01", "D", "sale", 4000, 2000], ["OD1", "2024-08-01", "D", "sale", 2000, 1000], ["OD2", "2024-08-10", "D", "sale", 2000, 1000],
  ["OE1", "2024-07-01", "E", "sale", 1250, 625], ["OE2", "2024-07-01", "E", "sale", 1250, 625], ["OE3", "2024-07-01", "E", "sale", 1250, 625], ["OE4", "2024-07-01", "E", "sale", 1250, 625],
  ["OF1", "2025-01-15", "F", "sale", 100, 50],
  ["OG0", "2024-03-01", "G", "sale", 1000, 500], ["OG1", "2025-02-01", "G", "return", -200, -100],
  ["OH0", "2024-04-01", "H", "sale", 3000, 1500], ["OH1", "2024-05-01", "H", "sale", 3000, 1500], ["OH2", "2025-03-01", "H", "sale", 2000, 1000],
];
const FILES = {
  // A and B state an annual purchase potential (40,000 and 20,000); the others do not.
  "customers.csv": "customer_id,customer_name,owner_id,purchase_potential\n" + "ABCDEFGHPQ".split("").map((c) => `${c},Customer ${c},S1,${{ A: 40000, B: 20000 }[c] ?? ""}`).join("\n") + "\n",
  "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang,D1\n",
  "products.csv": "product_id,product_name,category\nP1,Sensor,Sensors\n",
  "orders.csv": "order_id,order_date,customer_id,order_type\n" + orders.map(([o, d, c, type]) => `${o},${d},${c},${type}`).join("\n") + "\n",
  "order_lines.csv": "order_id,line_no,product_id,quantity,unit_price,amount,cost\n" + orders.map(([o, , , , a, cost]) => `${o},1,P1,${a < 0 ? -1 : 1},${Math.abs(a)},${a},${cost}`).join("\n") + "\n",
  // A pays on time in both windows; B and H on time; D 30 days late in both; E's four invoices 70 days late; C, F, G have none.
  "invoices.csv": [
    "invoice_id,customer_id,invoice_date,due_date,amount",
    "IA0,A,2024-01-10,2024-03-01,5000", "IA1,A,2024-09-01,2024-10-01,10000", "IB1,B,2024-10-01,2024-11-01,10000",
    "ID0,D,2023-10-01,2023-11-01,4000", "ID1,D,2024-08-01,2024-09-01,4000",
    "IE1,E,2024-07-01,2024-08-01,1250", "IE2,E,2024-07-01,2024-08-01,1250", "IE3,E,2024-07-01,2024-08-01,1250", "IE4,E,2024-07-01,2024-08-01,1250",
    "IH1,H,2025-03-01,2025-04-01,2000",
  ].join("\n") + "\n",
  "payments.csv": [
    "payment_id,customer_id,invoice_id,payment_date,amount",
    "PA0,A,IA0,2024-02-20,5000", "PA1,A,IA1,2024-09-25,10000", "PB1,B,IB1,2024-10-30,10000",
    "PD0,D,ID0,2023-12-01,4000", "PD1,D,ID1,2024-10-01,4000",
    "PE1,E,IE1,2024-10-10,1250", "PE2,E,IE2,2024-10-10,1250", "PE3,E,IE3,2024-10-10,1250", "PE4,E,IE4,2024-10-10,1250",
    "PH1,H,IH1,2025-03-30,2000",
  ].join("\n") + "\n",
  // Weighted: B 1000, C 3000, P 100 (and a lost one), Q 5000.
  "opportunities.csv": [
    "opportunity_id,customer_id,opportunity_name,stage,amount,probability,created_date,closed_date",
    "NB,B,Upgrade,proposal,2000,0.5,2025-05-01,", "NC,C,Expansion,proposal,6000,0.5,2025-05-01,",
    "NP0,P,Trial,lost,500,0,2023-12-01,2024-02-01", "NP1,P,Pilot,lead,1000,0.1,2024-01-01,", "NQ,Q,Rollout,negotiation,10000,0.5,2025-06-01,",
  ].join("\n") + "\n",
};
const OVERRIDES = "customer_id,grade,reason,set_by,set_at,valid_until,action_class\nQ,A,Strategic prospect,Wang,2025-06-01,2025-12-31,key\n";

const business = fixture("strategy", FILES, { "grade_overrides.csv": OVERRIDES });
let warehouse: string;
const q = <T = Record<string, unknown>>(sql: string, path = warehouse) => business.query<T>(sql, path);

beforeAll(async () => {
  warehouse = await business.build({ review_share: 0.5 }, "w");
}, 120_000);

describe("the action list (客户动态表)", () => {
  test("every customer gets the first class that matches, with the reason and its levels", async () => {
    // Percent ranks among the 8 mature customers (k / 7).
    // Sales: G 0, F 1/7, H 2/7, D 3/7, C 4/7, E 5/7, A = B 6/7 (a tie ranks alike): high from 2/3.
    // Collection, among those with invoices due in W, worst first (on-time share, then days late):
    //   E 0 (0%, 70 days), D 0.25 (0%, 30 days), A = B = H 0.5: E and D low; no invoice due: middle.
    //   D was low in P too (D 0 against A 1), E had nothing due in P.
    // Growth room: mean of the YoY rank (G -120% 0, H -67% 1/7, B D E F 0% 2/7, C +50% 6/7, A +100% 1)
    //   and the pipeline / revenue rank (none 0, B 0.1 6/7, C 0.67 1): G 0, H 1/14, D E F 1/7, A 1/2,
    //   B 4/7, C 13/14, ranked G 0, H 1/7, D E F 2/7 (low), A 5/7, B 6/7, C 1.
    // Bottom 5% of 35,400 from the smallest: G -200, F -100 in all (H would make 1,900: 5.4%).
    expect(await q(`select customer_id, kind, action_class, reason_code, sales_level, collection_level, growth_level
      from customer_actions where snapshot = 0 order by customer_id`)).toEqual([
      { customer_id: "A", kind: "mature", action_class: "key", reason_code: "high_sales", sales_level: "high", collection_level: "middle", growth_level: "high" },
      { customer_id: "B", kind: "mature", action_class: "key", reason_code: "high_sales", sales_level: "high", collection_level: "middle", growth_level: "high" },
      { customer_id: "C", kind: "mature", action_class: "develop", reason_code: "rest", sales_level: "middle", collection_level: "middle", growth_level: "high" },
      { customer_id: "D", kind: "mature", action_class: "phase_out", reason_code: "slow_collection_twice", sales_level: "middle", collection_level: "low", growth_level: "low" },
      { customer_id: "E", kind: "mature", action_class: "phase_out", reason_code: "late_invoices", sales_level: "high", collection_level: "low", growth_level: "low" },
      { customer_id: "F", kind: "mature", action_class: "suspended", reason_code: "bottom_share", sales_level: "low", collection_level: "middle", growth_level: "low" },
      { customer_id: "G", kind: "mature", action_class: "suspended", reason_code: "returns_only", sales_level: "low", collection_level: "middle", growth_level: "low" },
      { customer_id: "H", kind: "mature", action_class: "custodial", reason_code: "low_growth_room", sales_level: "low", collection_level: "middle", growth_level: "low" },
      // Prospects: P's forecast (100) is the smaller of two; Q is pinned key by a valid override.
      { customer_id: "P", kind: "potential", action_class: "suspended", reason_code: "small_forecast", sales_level: null, collection_level: null, growth_level: null },
      { customer_id: "Q", kind: "potential", action_class: "key", reason_code: "prospect", sales_level: null, collection_level: null, growth_level: null },
    ]);
    expect(await q("select class_reason, override_reason from customer_actions where snapshot = 0 and customer_id = 'Q'")).toEqual([{ class_reason: "pinned", override_reason: "Strategic prospect" }]);
  });

  test("rates each customer 0-100, ranks it in its class and flags the bottom of each class for review", async () => {
    // rating = 100 x (0.5 sales + 0.3 collection (middle without invoices: 0.5) + 0.2 growth room):
    // A 0.5*6/7 + 0.3*0.5 + 0.2*5/7 = 72.1; B 75.0; C 0.5*4/7 + 0.15 + 0.2 = 63.6;
    // D 0.5*3/7 + 0.3*0.25 + 0.2*2/7 = 34.6; E 0.5*5/7 + 0 + 0.2*2/7 = 41.4; F 27.9; G 15.0; H 32.1.
    // Prospects: (forecast + (1 - difficulty) + standing, unknown 0.5) / 3: P (0 + 0 + 0.5) / 3 = 16.7, Q 83.3.
    // review_share 0.5: floor(n / 2) of each class, lowest first: key A (Q is kept by its override,
    // but A is lower anyway); phase-out D; suspended G; develop and custodial have one each: none.
    expect(await q(`select customer_id, action_class, rating, class_rank::int as class_rank, is_review, has_override
      from customer_actions where snapshot = 0 order by action_class, class_rank`)).toEqual([
      { customer_id: "H", action_class: "custodial", rating: 32.1, class_rank: 1, is_review: false, has_override: false },
      { customer_id: "C", action_class: "develop", rating: 63.6, class_rank: 1, is_review: false, has_override: false },
      { customer_id: "Q", action_class: "key", rating: 83.3, class_rank: 1, is_review: false, has_override: true },
      { customer_id: "B", action_class: "key", rating: 75, class_rank: 2, is_review: false, has_override: false },
      { customer_id: "A", action_class: "key", rating: 72.1, class_rank: 3, is_review: true, has_override: false },
      { customer_id: "E", action_class: "phase_out", rating: 41.4, class_rank: 1, is_review: false, has_override: false },
      { customer_id: "D", action_class: "phase_out", rating: 34.6, class_rank: 2, is_review: true, has_override: false },
      { customer_id: "F", action_class: "suspended", rating: 27.9, class_rank: 1, is_review: false, has_override: false },
      { customer_id: "P", action_class: "suspended", rating: 16.7, class_rank: 2, is_review: false, has_override: false },
      { customer_id: "G", action_class: "suspended", rating: 15, class_rank: 3, is_review: true, has_override: false },
    ]);
  });

  test("the figures behind the reasons: on-time shares, late invoices, pipeline open at the month-end", async () => {
    expect(await q(`select customer_id, on_time_share, prev_on_time_share, late_invoices::int as late_invoices, weighted_pipeline::double as pipeline
      from int_customer_strategy_figures where snapshot = 0 and customer_id in ('D', 'E', 'C', 'P') order by customer_id`)).toEqual([
      { customer_id: "C", on_time_share: null, prev_on_time_share: null, late_invoices: 0, pipeline: 3000 },
      { customer_id: "D", on_time_share: 0, prev_on_time_share: 0, late_invoices: 0, pipeline: 0 },
      { customer_id: "E", on_time_share: 0, prev_on_time_share: null, late_invoices: 4, pipeline: 0 },
      { customer_id: "P", on_time_share: null, prev_on_time_share: null, late_invoices: 0, pipeline: 100 },
    ]);
    // A month earlier (2025-05-31) Q's opportunity (created 2025-06-01) was not open yet.
    expect(await q("select month_end::varchar as month_end, weighted_pipeline::double as pipeline from int_customer_strategy_figures where snapshot = 1 and customer_id = 'C'")).toEqual([{ month_end: "2025-05-31", pipeline: 3000 }]);
    expect(await q("select count(*)::int as n from int_customer_strategy_figures where snapshot = 1 and customer_id = 'Q'")).toEqual([{ n: 0 }]);
  });
});

test("value classes: MVC bring the first 80% of contribution, MGC grow above the median, BZC cost more than they bring", async () => {
  // Nothing is overdue and service costs 0: contribution = gross profit. Positive: A 5000, B 5000,
  // E 2500, D 2000, H 1000, C 200, F 50 = 15,750. Before each, high to low: A 0, B 31.7%, E 63.5%,
  // D 79.4% (MVC), H 92.1%. C: growth room high and 4,500 above the median (4,000 + 4,500) / 2.
  expect(await q("select customer_id, contribution::double as contribution, value_class from customer_value_classes order by customer_id")).toEqual([
    { customer_id: "A", contribution: 5000, value_class: "MVC" }, { customer_id: "B", contribution: 5000, value_class: "MVC" },
    { customer_id: "C", contribution: 200, value_class: "MGC" }, { customer_id: "D", contribution: 2000, value_class: "MVC" },
    { customer_id: "E", contribution: 2500, value_class: "MVC" }, { customer_id: "F", contribution: 50, value_class: "other" },
    { customer_id: "G", contribution: -100, value_class: "BZC" }, { customer_id: "H", contribution: 1000, value_class: "other" },
  ]);
});

test("the differentiation matrix splits each share basis at its medians", async () => {
  // Potential: A 10,000 / 40,000 = 25%, B 50%: median 37.5%. Upcoming = pipeline + revenue x 90 / 365:
  //   A 2,465.75, B 1,000 + 2,465.75: median 2,965.75. B keep close, A acquire or let go.
  // Penetration (one category sold): every customer that bought has 100%, G (returns only) 0%; median 100%.
  //   Upcoming: C 3,000 + 1,109.59, E 1,232.88, D 986.30, H 493.15, F 24.66, G 0: median 739.73.
  expect(await q(`select customer_id, share_basis, round(share, 4) as share, round(upcoming, 2) as upcoming, quadrant
    from customer_share_matrix order by customer_id`)).toEqual([
    { customer_id: "A", share_basis: "potential", share: 0.25, upcoming: 2465.75, quadrant: "acquire_or_let_go" },
    { customer_id: "B", share_basis: "potential", share: 0.5, upcoming: 3465.75, quadrant: "keep_close" },
    { customer_id: "C", share_basis: "penetration", share: 1, upcoming: 4109.59, quadrant: "keep_close" },
    { customer_id: "D", share_basis: "penetration", share: 1, upcoming: 986.3, quadrant: "keep_close" },
    { customer_id: "E", share_basis: "penetration", share: 1, upcoming: 1232.88, quadrant: "keep_close" },
    { customer_id: "F", share_basis: "penetration", share: 1, upcoming: 24.66, quadrant: "maintain" },
    { customer_id: "G", share_basis: "penetration", share: 0, upcoming: 0, quadrant: "acquire_or_let_go" },
    { customer_id: "H", share_basis: "penetration", share: 1, upcoming: 493.15, quadrant: "maintain" },
  ]);
});

test("coverage: the owners the policy needs, and an owner with more A customers than allowed", async () => {
  // T12M grades by ABC on revenue (ties by id): A, B, E, C are A (shares before 0, 28%, 56%, 71%);
  // D, H are B (83%, 33,500 / 35,400 = 94.6%); F and G C.
  // Owners needed: 4 / 1 + 2 / 2 + 2 / 5 = 5.4; 4 A customers is more than 3.
  expect(await q(`select salesperson_id, a_customers::int as a, b_customers::int as b, c_customers::int as c, round(owners_needed, 4) as needed,
      is_over_policy, has_too_many_a from salesperson_coverage`)).toEqual([
    { salesperson_id: "S1", a: 4, b: 2, c: 2, needed: 5.4, is_over_policy: true, has_too_many_a: true },
  ]);
});

describe("churn warning and lifetime value", () => {
  test("warns on a gap past twice the usual one, and on a drop against the same months a year before", async () => {
    // D: order days 2023-10-01, 2024-08-01, 2024-08-10: gaps 305 and 9, median 157; 324 days since
    //   the last > 2 x 157. H: Apr-Jun 2025 nothing against 6,000 in Apr-Jun 2024: down 100%.
    //   E's four orders share one day (no gap to measure); A ordered on the last day.
    expect(await q(`select customer_id, reason_code, median_gap_days::double as median_gap, days_since_last_order::int as days_since,
        recent_revenue::double as recent, year_before_revenue::double as year_before, revenue_at_risk::double as at_risk, risk_rank::int as risk_rank
      from customer_churn order by risk_rank`)).toEqual([
      { customer_id: "D", reason_code: "gap", median_gap: 157, days_since: 324, recent: 0, year_before: 0, at_risk: 4000, risk_rank: 1 },
      { customer_id: "H", reason_code: "drop", median_gap: 167, days_since: 121, recent: 0, year_before: 6000, at_risk: 2000, risk_rank: 2 },
    ]);
  });

  test("a larger gap factor takes D off the list", async () => {
    const path = await business.build({ review_share: 0.5, churn_gap_factor: 3 }, "gap3");
    expect(await q("select customer_id from customer_churn order by customer_id", path)).toEqual([{ customer_id: "H" }]);
  });

  test("lifetime value runs from the first order to the last", async () => {
    // A: 2024-01-10 to 2025-06-30 is 537 days: 15,000 over 1.47 years.
    expect(await q(`select lifetime_revenue::double as revenue, lifetime_gross_profit::double as profit, lifetime_orders::int as orders,
        round(tenure_years, 4) as years, round(revenue_per_year, 2) as per_year from customer_lifetime_value where customer_id = 'A'`)).toEqual([
      { revenue: 15000, profit: 7500, orders: 3, years: Math.round((537 / 365.25) * 1e4) / 1e4, per_year: Math.round((15000 / (537 / 365.25)) * 100) / 100 },
    ]);
  });
});
