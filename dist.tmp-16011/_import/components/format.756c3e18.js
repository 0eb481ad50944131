const locale = () => typeof navigator !== "undefined" ? navigator.language : void 0;
export function formatAmount(v, opts = {}) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "\u2013";
  if (opts.compact === false || Math.abs(v) < 1e4)
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0 }).format(v);
  return new Intl.NumberFormat(locale(), { notation: "compact", maximumFractionDigits: 1 }).format(v);
}
export function formatCount(v) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "\u2013";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(v);
}
export function formatShare(v, digits = 1) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "\u2013";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}
export function formatGrowth(v) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "n/a";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v);
}
export const AMOUNT_LABEL = "replace(format(datum.value, '.3~s'), 'G', 'B')";
export const GRADE_COLORS = { A: "#1f4e79", B: "#4f8fc0", C: "#a9c8e4", D: "#d9d9d9", new: "#59a14f", lost: "#e15759", ungraded: "#bab0ac" };
