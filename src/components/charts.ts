/**
 * The key charts by name: each takes its page's data and the URL's parameters (period,
 * filters, choices) and gives a title and a Vega-Lite spec. The pages, the embed pages, the
 * printable report and the build's static exports (dist/exports/) all draw from here, so a
 * chart looks and counts the same wherever it travels.
 */
import type { TopLevelSpec } from "vega-lite";
import { GRADE_COLORS } from "./format.js";
import { lower, periodName, SEGMENT_DIMENSIONS } from "./controls.js";
import { labelled, t } from "./i18n.js";
import { funnelSpec } from "./funnel.js";
import { paretoSpec } from "./pareto-curve.js";
import { rankingSpec } from "./ranking.js";
import { stackedSpec } from "./stacked.js";
import { trendSpec } from "./trend.js";
import { breakdownSpec, lineCount, memberLabel, recentPeriods } from "./breakdown.js";

export const KEY_CHARTS = ["overview-trend", "grade-mix", "pareto", "topn", "growth", "aging", "funnel"] as const;
export type ChartName = (typeof KEY_CHARTS)[number];

type Params = Record<string, string | undefined>;
type Data = any;

/** The segment a chart shows: the first of department, salesperson, region, grade set in the params. */
export function segmentOf(p: Params): { dimension: string; member: string } {
  for (const d of ["department", "salesperson", "region", "grade"]) if (p[d]) return { dimension: d, member: p[d]! };
  return { dimension: "none", member: "all" };
}

/** Rows of a columnar file ({col: [values]}, `{}` without rows) as objects. */
export const fromColumns = (cols: Record<string, unknown[]>): Data[] => {
  const names = Object.keys(cols);
  return (cols[names[0]!] ?? []).map((_, i) => Object.fromEntries(names.map((k) => [k, cols[k]![i]])));
};

export const AGING_BUCKETS = [["current_amount", "current"], ["overdue_1_30", "1-30"], ["overdue_31_60", "31-60"], ["overdue_61_90", "61-90"], ["overdue_over_90", "over 90"]] as const;
export const AGING_COLORS = ["#59a14f", "#edc948", "#f28e2b", "#e15759", "#9c2f2f"];

export const TOPN_METRICS: [string, string][] = [["revenue", "Revenue"], ["gross_profit", "Gross profit"], ["margin_rate", "Gross margin"], ["quantity", "Quantity"], ["order_count", "Orders"], ["receipts", "Receipts"], ["receivables_balance", "Receivables balance"]];
export const TOPN_DIMENSIONS: [string, string][] = [["customer", "Customers"], ["product", "Products"], ["category", "Categories"], ["salesperson", "Salespeople"], ["department", "Departments"], ["region", "Regions"]];
export const GROWTH_BREAKDOWNS: [string, string][] = [["none", "None"], ["department", "Department"], ["salesperson", "Salesperson"], ["category", "Category"], ["region", "Region"], ["grade", "Grade"]];
export const GROWTH_METRICS: [string, string][] = [["revenue", "Revenue"], ["gross_profit", "Gross profit"], ["order_count", "Orders"], ["active_customers", "Active customers"], ["new_customers", "New customers"], ["receipts", "Receipts"]];

/** Metrics counted rather than summed in money: their axes and tooltips show plain numbers. */
export const COUNT_METRICS = ["order_count", "active_customers", "new_customers", "quantity"];

const label = (pairs: [string, string][], key: string) => t(Object.fromEntries(pairs)[key] ?? key);

/** Which data file(s) a chart needs, by the page data's name (see src/data). */
export function chartData(name: ChartName, p: Params): string {
  switch (name) {
    case "overview-trend":
      return segmentOf(p).dimension === "none" ? "overview" : `growth/month-${segmentOf(p).dimension}`;
    case "grade-mix":
      return "overview";
    case "growth":
      return `growth/${p.grain ?? "month"}-${p.breakdown ?? "none"}`;
    case "aging":
      return "receivables";
    case "funnel":
      return "funnel";
    default:
      return name;
  }
}

export function chartSpec(name: ChartName, data: Data, p: Params, size: { width?: number; height?: number } = {}): { title: string; spec: TopLevelSpec } {
  const period = p.period ?? "T12M";
  const seg = segmentOf(p);
  const inSeg = (r: Data) => r.dimension === seg.dimension && r.member === seg.member;
  // Titles say whose figures they are, so an embed or a download read alone is not misread.
  const withScope = (title: string) => (seg.dimension === "none" ? title : `${title} · ${labelled(t(SEGMENT_DIMENSIONS[seg.dimension] ?? seg.dimension), seg.member)}`);
  switch (name) {
    case "overview-trend": {
      const all = seg.dimension === "none" ? data.trend : fromColumns(data).filter((r: Data) => r.metric === "revenue" && r.member === seg.member);
      // The selected period's months against the same months a year earlier, not the whole history.
      const range = (data.periods as Data[] | undefined)?.find((x: Data) => x.period === period) ?? (p.period_start ? { period_start: p.period_start, period_end: p.period_end } : null);
      const rows = range
        ? all.filter((r: Data) => r.period_start >= range.period_start.slice(0, 7) && r.period_start <= range.period_end)
        : /^\d{4}$/.test(period) ? all.filter((r: Data) => r.period_start.startsWith(period)) : all.slice(-12);
      return { title: withScope(t("Monthly revenue, {period}, against the same months a year earlier", { period: periodName(period) })), spec: trendSpec(rows, { valueTitle: t("Revenue"), ...size }) };
    }
    case "grade-mix": {
      const mix = data.gradeMix.filter((r: Data) => r.period === period && inSeg(r));
      const order = ["A", "B", "C", "D"].filter((g) => mix.some((r: Data) => r.final === g));
      const rows = [
        ...mix.map((r: Data) => ({ x: t("Customers"), group: r.final, value: r.customer_share, extra: [{ title: t("Customers"), value: r.customers, kind: "count" as const }] })),
        ...mix.map((r: Data) => ({ x: t("Revenue"), group: r.final, value: r.revenue_share, extra: [{ title: t("Revenue"), value: r.revenue, kind: "amount" as const }] })),
      ];
      return {
        title: withScope(t("Grade mix, {period}", { period: periodName(period) })),
        spec: stackedSpec(rows, { valueTitle: t("Share"), groupTitle: t("Grade"), order, colors: order.map((g) => GRADE_COLORS[g]!), horizontal: true, height: size.height ?? 90, width: size.width, format: "share" }),
      };
    }
    case "pareto": {
      const entity = p.entity ?? "customer";
      const measure = p.measure ?? "revenue";
      const rows = data.curves.filter((r: Data) => r.period === period && r.entity === entity && r.measure === measure);
      const names: Record<string, string> = { customer: "customers", product: "products", salesperson: "salespeople" };
      return { title: `${t(measure === "revenue" ? "Cumulative share of revenue" : "Cumulative share of gross profit")}, ${periodName(period)}`, spec: paretoSpec(rows, { entityTitle: t(names[entity] ?? entity), ...size }) };
    }
    case "topn": {
      const dimension = p.dimension ?? "customer";
      const metric = p.metric ?? "revenue";
      const n = Number(p.n ?? 10);
      const rows = data.rows.filter((r: Data) => r.period === period && r.dimension === dimension && r.metric === metric && r.rank <= n);
      return {
        title: `${t("Top {n} {dimension} by {metric}", { n, dimension: lower(label(TOPN_DIMENSIONS, dimension)), metric: lower(label(TOPN_METRICS, metric)) })}, ${periodName(period)}`,
        spec: rankingSpec(rows, { valueTitle: label(TOPN_METRICS, metric), isRate: metric === "margin_rate", valueKind: COUNT_METRICS.includes(metric) ? "count" : undefined, width: size.width }),
      };
    }
    case "growth": {
      const metric = p.metric ?? "revenue";
      const breakdown = p.breakdown ?? "none";
      const all = fromColumns(data).filter((r: Data) => r.metric === metric);
      const grain = (p.grain ?? "month") as "year" | "quarter" | "month" | "week";
      const valueKind = COUNT_METRICS.includes(metric) ? "count" : "amount";
      // A breakdown without a member: its largest members and the others as lines (the Growth page's first chart).
      if (breakdown !== "none" && !p.member) {
        const name = t(Object.fromEntries(GROWTH_BREAKDOWNS)[breakdown] ?? breakdown);
        return {
          title: `${t("{metric} by {breakdown}: the {n} largest and the others", { metric: label(GROWTH_METRICS, metric), breakdown: lower(name), n: lineCount(all) })} ${t("by " + grain)}`,
          spec: breakdownSpec(recentPeriods(all), { valueTitle: label(GROWTH_METRICS, metric), valueKind, grain, dimension: breakdown, ...size }),
        };
      }
      const pick = breakdown === "none" ? "all" : p.member;
      const rows = recentPeriods(all.filter((r: Data) => r.member === pick));
      const picked = rows[0];
      const who = picked && pick !== "all" ? ` · ${memberLabel(picked)}` : "";
      return { title: `${label(GROWTH_METRICS, metric)} ${t("by " + grain)}${who}`, spec: trendSpec(rows, { valueTitle: label(GROWTH_METRICS, metric), valueKind, grain, ...size }) };
    }
    case "aging": {
      const total = data.totals.find(inSeg) ?? {};
      const rows = AGING_BUCKETS.map(([k, b]) => ({ x: t("Open balance"), group: t(b), value: total[k] ?? 0 }));
      return {
        title: withScope(t("Aging buckets (days overdue)")),
        spec: stackedSpec(rows, { valueTitle: t("Amount"), groupTitle: t("Days overdue"), order: AGING_BUCKETS.map((b) => t(b[1])), colors: AGING_COLORS, horizontal: true, height: size.height ?? 70, width: size.width }),
      };
    }
    case "funnel": {
      const created = p.created ?? "all";
      const dept = p.department ?? "all";
      const rows = data.rows.filter((r: Data) => r.period === created && r.department_id === dept && r.salesperson_id === "all");
      return { title: t("Sales funnel: opportunities reaching each stage"), spec: funnelSpec(rows, { width: size.width, height: size.height }) };
    }
  }
}


