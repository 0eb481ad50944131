/** Number formats a finance reader accepts, in the reader's locale. */
const locale = () => (typeof navigator !== "undefined" ? navigator.language : undefined);

export function formatAmount(v: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (opts.compact === false || Math.abs(v) < 10_000)
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0 }).format(v);
  return new Intl.NumberFormat(locale(), { notation: "compact", maximumFractionDigits: 1 }).format(v);
}

export function formatCount(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(v);
}

export function formatShare(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

/** Growth rates with a sign; undefined rates (previous value 0 or missing) show as "n/a". */
export function formatGrowth(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "n/a";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v);
}

/** A Vega expression that labels axis amounts as 1.2K, 3.4M, 5.6B rather than d3's G for billions. */
export const AMOUNT_LABEL = "replace(format(datum.value, '.3~s'), 'G', 'B')";

export const GRADE_COLORS: Record<string, string> = { A: "#1f4e79", B: "#4f8fc0", C: "#a9c8e4", D: "#d9d9d9", new: "#59a14f", lost: "#e15759", ungraded: "#bab0ac" };
