/**
 * Numbers and dates in the site's locale (i18n.ts): zh-CN amounts in 万 and 亿, en in K/M/B,
 * with the exports' currency; shares and growth rates with a sign; dates as each locale writes them.
 */
import { currencyCode, locale, t } from "./i18n.js";

// Making a formatter costs far more than formatting one value, and a page formats tens of
// thousands (the strategy page's reasons and tooltips at 100,000 customers: 5 s of making them).
const formatters = new Map<string, unknown>();
function cached<F>(kind: string, opts: object, make: () => F): F {
  const key = `${kind} ${locale()} ${JSON.stringify(opts)}`;
  if (!formatters.has(key)) formatters.set(key, make());
  return formatters.get(key) as F;
}
const nf = (opts: Intl.NumberFormatOptions) => cached("number", opts, () => new Intl.NumberFormat(locale(), opts));
const df = (opts: Intl.DateTimeFormatOptions) => cached("date", opts, () => new Intl.DateTimeFormat(locale(), opts));
const currency = (): Intl.NumberFormatOptions => ({ style: "currency", currency: currencyCode(), currencyDisplay: "narrowSymbol" });

export function formatAmount(v: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (opts.compact === false || Math.abs(v) < 10_000) return nf({ ...currency(), maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0, minimumFractionDigits: 0 }).format(v);
  // Intl's compact notation is 万/亿 in Chinese and K/M/B in English.
  return nf({ ...currency(), notation: "compact", maximumFractionDigits: Math.abs(v) >= 1e8 && locale() === "zh-CN" ? 2 : 1, minimumFractionDigits: 0 }).format(v);
}

export function formatCount(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return nf({ maximumFractionDigits: 0 }).format(v);
}

export function formatShare(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return nf({ style: "percent", maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

/** Growth rates with a sign; undefined rates (previous value 0 or missing) say so. */
export function formatGrowth(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return t("n/a");
  return nf({ style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v);
}

const parseIso = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

/** A day: 2026年10月31日, or Oct 31, 2026. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  return df({ year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(parseIso(iso));
}

/** A moment: 2026年10月31日 14:05, or Oct 31, 2026, 14:05 (exports' local time, as written). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const time = /[T ](\d{2}:\d{2})/.exec(iso)?.[1];
  return time ? `${formatDate(iso)} ${time}` : formatDate(iso);
}

/** When something happened (a build, a load), in the reader's time zone, written as the pages write dates. */
export function formatTimestamp(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "–";
  return df({ year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(iso));
}

/** A period by its first day and grain: 2026年10月 / Oct 2026, 2026年第3季度 / Q3 2026, the week of a day. */
export function formatPeriod(start: string, grain: "year" | "quarter" | "month" | "week" | "day"): string {
  const d = parseIso(start);
  const y = d.getUTCFullYear();
  if (grain === "year") return locale() === "zh-CN" ? `${y}年` : String(y);
  if (grain === "quarter") {
    const q = Math.floor(d.getUTCMonth() / 3) + 1;
    return locale() === "zh-CN" ? `${y}年第${q}季度` : `Q${q} ${y}`;
  }
  if (grain === "month") return df({ year: "numeric", month: "short", timeZone: "UTC" }).format(d);
  if (grain === "week") return t("week of {date}", { date: formatDate(start) });
  return formatDate(start);
}

/** Vega expression labelling amount axes: 1.2万 / 3.4亿 in Chinese, 1.2K / 3.4M / 5.6B in English. */
export function amountLabel(): string {
  return locale() === "zh-CN"
    ? "abs(datum.value) >= 1e8 ? format(datum.value / 1e8, '.3~r') + '亿' : abs(datum.value) >= 1e4 ? format(datum.value / 1e4, '.3~r') + '万' : format(datum.value, ',~r')"
    : "replace(format(datum.value, '.3~s'), 'G', 'B')";
}

/** Categories a reader knows by colour, the same on every chart: grades, then a fixed cycle for the rest. */
export const GRADE_COLORS: Record<string, string> = { A: "#1f4e79", B: "#4f8fc0", C: "#a9c8e4", D: "#d9d9d9", new: "#59a14f", lost: "#e15759", ungraded: "#bab0ac" };

const CATEGORY_CYCLE = ["#1f4e79", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#4f8fc0"];

/**
 * The same palette on a dark page. Colours that would sink into a near-black card (under WCAG's 3:1
 * for graphics: the dark blue of grade A and of single-series charts, the aging's dark red, the
 * partial-period red) become lighter ones of the same hue, and grades A to D stay a ramp, from a
 * strong blue through paler ones to grey. Over 90 days turns magenta: a lighter dark red would be
 * the 61-90 days red again. Charts drawn for a page take these when the reader's
 * scheme is dark (vega.ts renderChart); downloads and exports keep the light palette, on white.
 */
export const DARK_COLORS: Record<string, string> = { "#1f4e79": "#3f82c4", "#4f8fc0": "#7db3e3", "#a9c8e4": "#c6ddf2", "#d9d9d9": "#707070", "#9c2f2f": "#a8408f", "#b42318": "#f97066" };

const BLANK = "–";

/** Members of a dimension in reading order: grades A to D, anything else in the locale's order; blanks last. */
export function categoryOrder(dimension: string, members: string[]): string[] {
  const rank = (m: string) => (m === BLANK ? 2 : dimension === "grade" && m in GRADE_COLORS ? 0 : 1);
  const collator = new Intl.Collator(locale(), { numeric: true });
  return [...new Set(members)].sort((a, b) => rank(a) - rank(b) || (dimension === "grade" ? Object.keys(GRADE_COLORS).indexOf(a) - Object.keys(GRADE_COLORS).indexOf(b) : 0) || collator.compare(a, b));
}

/** Colours for members in the given order: grades keep their palette, blanks are grey, the rest cycle. */
export function categoryColors(dimension: string, members: string[]): string[] {
  let i = 0;
  return members.map((m) => (m === BLANK ? GRADE_COLORS.ungraded! : dimension === "grade" && GRADE_COLORS[m] ? GRADE_COLORS[m]! : CATEGORY_CYCLE[i++ % CATEGORY_CYCLE.length]!));
}
