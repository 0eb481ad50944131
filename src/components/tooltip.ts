/**
 * The one tooltip of every chart: each datum carries `tip`, an object of readable titles to
 * values already formatted for the locale (amounts in K/M or 万/亿 with the currency, shares,
 * growth with a sign, months and days as the pages write them), and marks show it with
 * `tooltip: TOOLTIP`. Fields without a value are left out rather than shown as null or NaN,
 * and internal fields (keys, sort orders, flags) never appear.
 */
import { formatAmount, formatCount, formatDate, formatGrowth, formatPeriod, formatShare } from "./format.js";
import { t } from "./i18n.js";

export type TipKind = "amount" | "count" | "score" | "share" | "growth" | "date" | "month" | "text" | "rank" | "rank_change";

export interface TipField {
  title: string;
  value: unknown;
  kind?: TipKind;
}

const missing = (v: unknown) => v === null || v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v));

/** A value as its tooltip shows it; undefined leaves the line out. */
export function tipText(kind: TipKind, v: unknown): string | undefined {
  // A rank last period that is missing means the member is new to the ranking.
  if (kind === "rank") return missing(v) ? t("new") : formatCount(Number(v));
  if (missing(v)) return undefined;
  switch (kind) {
    case "amount":
      return formatAmount(Number(v));
    case "count":
      return formatCount(Number(v));
    case "score":
      return Number(v).toFixed(1);
    case "share":
      return formatShare(Number(v));
    case "growth":
      return formatGrowth(Number(v));
    case "date":
      return formatDate(String(v));
    case "month":
      return formatPeriod(String(v), "month");
    case "rank_change": {
      const n = Number(v);
      return n > 0 ? `▲ ${formatCount(n)}` : n < 0 ? `▼ ${formatCount(-n)}` : "=";
    }
    default:
      return String(v);
  }
}

/** A datum's tooltip: titles to formatted values, in the given order, lines without a value left out. */
export function tip(fields: TipField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const text = tipText(f.kind ?? "text", f.value);
    if (text !== undefined && f.title) out[f.title] = text;
  }
  return out;
}

/** The mark property that shows a datum's `tip`. */
export const TOOLTIP = { expr: "datum.tip" } as const;
