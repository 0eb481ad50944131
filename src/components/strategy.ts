/**
 * Customer strategy in words: the action and value classes by name, in the order a manager reads
 * them, and the reason a customer got its class, written from the figures the model put beside
 * its reason code (models/marts/customer_actions.sql). No rule is decided here.
 */
import { formatAmount, formatCount, formatGrowth, formatShare } from "./format.js";
import { t } from "./i18n.js";

export const ACTION_CLASSES: [string, string][] = [
  ["key", "Key customers"],
  ["develop", "Develop"],
  ["custodial", "Custodial"],
  ["suspended", "Suspended"],
  ["phase_out", "Phase-out candidates"],
];
export const VALUE_CLASSES: [string, string][] = [
  ["MVC", "MVC: most valuable"],
  ["MGC", "MGC: most growable"],
  ["other", "Other"],
  ["BZC", "BZC: below zero"],
];
/** The differentiation matrix's quadrants: key, name, colour. */
export const QUADRANTS: [string, string, string][] = [
  ["keep_close", "Keep close (high share, large upcoming)", "#1f4e79"],
  ["maintain", "Maintain (high share, small upcoming)", "#59a14f"],
  ["develop", "Develop (low share, large upcoming)", "#f28e2b"],
  ["acquire_or_let_go", "Acquire or let go (low share, small upcoming)", "#bab0ac"],
];
export const CLASS_COLORS: Record<string, string> = { key: "#1f4e79", develop: "#59a14f", custodial: "#edc948", suspended: "#bab0ac", phase_out: "#e15759" };

export const className = (c: string | null | undefined) => (c ? t(Object.fromEntries([...ACTION_CLASSES, ...VALUE_CLASSES])[c] ?? c) : "–");

export interface ActionRow {
  reason_code: string;
  kind: string;
  revenue: number | null;
  revenue_growth_rate: number | null;
  on_time_share: number | null;
  prev_on_time_share: number | null;
  late_invoices: number | null;
  weighted_pipeline: number | null;
  sales_level: string | null;
  collection_level: string | null;
  growth_level: string | null;
  forecast_level: string | null;
  difficulty_level: string | null;
  standing_level: string | null;
  override_reason?: string | null;
}

const level = (l: string | null | undefined) => t(l ?? "unknown");

/** Why the customer is in its class, with the figures that put it there. */
export function reasonText(r: ActionRow, vars: { suspend_share: number; phase_out_late_days: number }): string {
  switch (r.reason_code) {
    case "pinned":
      return t("set by hand: {reason}", { reason: r.override_reason ?? "" });
    case "slow_collection_twice":
      return t("collection low in both years: {now} paid on time, {before} the year before", { now: formatShare(r.on_time_share), before: formatShare(r.prev_on_time_share) });
    case "late_invoices":
      return t("{n} invoices paid over {days} days late", { n: formatCount(r.late_invoices), days: vars.phase_out_late_days });
    case "returns_only":
      return t("only returns in the 12 months");
    case "no_sales":
      return t("no net sales in the 12 months");
    case "bottom_share":
      return t("among the customers bringing the bottom {share} of revenue ({revenue})", { share: formatShare(vars.suspend_share), revenue: formatAmount(r.revenue) });
    case "low_growth_room":
      return t("growth room low: YoY {growth}, weighted pipeline {pipeline}", { growth: formatGrowth(r.revenue_growth_rate), pipeline: formatAmount(r.weighted_pipeline) });
    case "high_sales":
      return t("sales high ({revenue}) and collection {collection}", { revenue: formatAmount(r.revenue), collection: level(r.collection_level) });
    case "rest":
      return t("sales {sales}, collection {collection}, growth room {growth}", { sales: level(r.sales_level), collection: level(r.collection_level), growth: level(r.growth_level) });
    case "small_forecast":
      return t("prospect with a small forecast ({pipeline} weighted)", { pipeline: formatAmount(r.weighted_pipeline) });
    case "hard_development":
      return t("prospect hard to develop (long since the last opportunity, or lost ones)");
    case "weak_standing":
      return t("prospect with a weak financial standing (low credit limit)");
    case "prospect":
      return t("prospect: forecast {forecast}, difficulty {difficulty}, standing {standing}", { forecast: level(r.forecast_level), difficulty: level(r.difficulty_level), standing: level(r.standing_level) });
    default:
      return r.reason_code;
  }
}
