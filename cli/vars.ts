/**
 * The vars this project's models read, with their types and ranges. Vars reach the SQL as
 * text, so each is checked (zod) before any model compiles: a wrong value stops the run with
 * the var's name, never turns into SQL.
 */
import { z } from "zod";
import { loadConfig } from "../lib/config.ts";
import { CUSTOMER_FIELDS } from "../lib/config.ts";
import { formatIssues } from "../lib/errors.ts";
import { loadProject, ProjectError, type Project } from "../runner/project.ts";
import { parse as parseYaml } from "yaml";

const share = z.number().min(0).max(1);
const weight = z.number().min(0).max(100);
const count = (max: number) => z.number().int().min(1).max(max);

export const VarsSchema = z
  .object({
    as_of_date: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD, or '' for the last order date").refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, "not a real date")]),
    grading_method: z.enum(["abc", "score"]),
    abc_a_cut: share.refine((v) => v > 0, "above 0"),
    abc_b_cut: share.refine((v) => v > 0, "above 0"),
    score_weight_credit: weight,
    score_weight_revenue: weight,
    score_weight_profit: weight,
    score_a_cut: share,
    score_b_cut: share,
    score_c_cut: share,
    credit_score_no_history: z.number().min(0).max(100),
    topn_limit: count(1000),
    fiscal_year_start_month: z.number().int().min(1).max(12),
    week_start: z.enum(["monday", "sunday"]),
    growth_breakdown_lines: count(20),
    sla_days_a: z.number().min(0).max(365),
    sla_days_other: z.number().min(0).max(365),
    customer_page_orders: count(10_000),
    customer_page_order_lines: count(10_000),
    customer_page_invoices: count(10_000),
    customer_page_opportunities: count(10_000),
    customer_page_tickets: count(10_000),
    strategy_months: count(24),
    strategy_mature_months: count(120),
    phase_out_late_invoices: z.number().int().min(0).max(10_000),
    phase_out_late_days: z.number().int().min(0).max(3650),
    suspend_share: share,
    strategy_weight_sales: weight,
    strategy_weight_collection: weight,
    strategy_weight_growth: weight,
    review_share: share,
    mvc_share: share.refine((v) => v > 0, "above 0"),
    receivable_cost_rate: z.number().min(0).max(10),
    service_cost_per_ticket: z.number().min(0),
    matrix_share_split: z.union([z.literal(""), z.number().min(0)]),
    matrix_upcoming_split: z.union([z.literal(""), z.number().min(0)]),
    coverage_a_per_owner: z.number().positive(),
    coverage_b_per_owner: z.number().positive(),
    coverage_c_per_owner: z.number().positive(),
    coverage_max_a_per_owner: z.number().int().min(0),
    churn_min_orders: count(1000),
    churn_gap_factor: z.number().positive().max(100),
    churn_window_months: count(24),
    churn_drop: share,
    published_customer_fields: z.array(z.enum(CUSTOMER_FIELDS)),
    explore_dimensions: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/, "a column of page_customers"), label: z.string().min(1) }).strict()).min(1),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.abc_b_cut < v.abc_a_cut) ctx.addIssue({ code: "custom", path: ["abc_b_cut"], message: `must not be below abc_a_cut (${v.abc_a_cut})` });
    if (!(v.score_a_cut <= v.score_b_cut && v.score_b_cut <= v.score_c_cut))
      ctx.addIssue({ code: "custom", path: ["score_a_cut"], message: "score_a_cut <= score_b_cut <= score_c_cut" });
    if (v.strategy_weight_sales + v.strategy_weight_collection + v.strategy_weight_growth <= 0)
      ctx.addIssue({ code: "custom", path: ["strategy_weight_sales"], message: "the three strategy weights must not all be 0" });
    if (v.score_weight_credit + v.score_weight_revenue + v.score_weight_profit <= 0)
      ctx.addIssue({ code: "custom", path: ["score_weight_credit"], message: "the three score weights must not all be 0" });
  });

/** --vars: a YAML mapping such as '{abc_a_cut: 0.7}'. */
export function parseVars(text?: string): Record<string, unknown> {
  if (!text) return {};
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch (e) {
    throw new ProjectError(`--vars is not valid YAML: ${(e as Error).message}`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new ProjectError(`--vars expects a mapping such as '{abc_a_cut: 0.7}', got: ${text}`);
  return v as Record<string, unknown>;
}

/** The vars from dbt_project.yml, tierboard.yml's published columns and --vars, checked. */
export function checkVars(vars: Record<string, unknown>) {
  const r = VarsSchema.safeParse(vars);
  if (!r.success) throw new ProjectError(`vars are not valid (dbt_project.yml or --vars):\n${formatIssues(r.error.issues)}`);
}

/**
 * The project with the vars a run uses: tierboard.yml's published customer columns (the models
 * leave the others out of every page), then --vars on top; all checked.
 */
export function loadCheckedProject(root: string, varsText?: string): Project {
  const project = loadProject(root, { published_customer_fields: loadConfig().publish.customer_fields, ...parseVars(varsText) });
  checkVars(project.vars);
  return project;
}
