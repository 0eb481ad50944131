/** The thin render step shared by every chart component: a Vega-Lite spec into an element. */
import vegaEmbed, { vega, vegaLite } from "vega-embed";
import type { TopLevelSpec } from "vega-lite";
import { locale, t } from "./i18n.js";
import { DARK_COLORS } from "./format.js";

export interface Rendered {
  element: HTMLElement;
  /** The Vega-Lite spec, data inlined: what "download spec" and the static exports write. */
  spec: TopLevelSpec;
  /** Settles with the Vega view when the chart has drawn. */
  ready: Promise<{ view: import("vega").View }>;
  /** Calls back with the datum under a click, for drill-down. */
  onClick(fn: (datum: Record<string, unknown>) => void): void;
}

/**
 * The spec as it travels alone (a download, a slide): the title written into the chart, since
 * the page's heading, period and segment do not go with it; the width the reader saw; light.
 */
export function titledSpec(spec: TopLevelSpec, title: string, width?: number): TopLevelSpec {
  const s = spec as TopLevelSpec & { width?: unknown; config?: Record<string, unknown> };
  return {
    ...s,
    ...(s.width === "container" ? { width: width ?? 640 } : {}),
    title: { text: title, anchor: "start", fontSize: 13, limit: 0 },
    config: { ...(s.config ?? {}), background: "white" },
  } as TopLevelSpec;
}

/** A titled copy of a chart as SVG text or a PNG data URL, drawn apart from the page. */
export async function chartImage(spec: TopLevelSpec, title: string, width: number | undefined, format: "svg" | "png"): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(titledSpec(spec, title, width) as never).spec), { renderer: "none" });
  try {
    return format === "svg" ? await view.toSVG() : await view.toImageURL("png", 2);
  } finally {
    view.finalize();
  }
}

/** d3 number and time formats in Chinese, for axes and tooltips of a zh-CN site. */
export const ZH_FORMAT_LOCALE = { decimal: ".", thousands: ",", grouping: [3], currency: ["¥", ""] };
export const ZH_TIME_LOCALE = {
  dateTime: "%Y年%-m月%-d日 %A %X",
  date: "%Y/%-m/%-d",
  time: "%H:%M:%S",
  periods: ["上午", "下午"],
  days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
  shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
  shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
};

export const embedLocaleOptions = () => (locale() === "zh-CN" ? { formatLocale: ZH_FORMAT_LOCALE, timeFormatLocale: ZH_TIME_LOCALE } : {});

const darkScheme = () => typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;

/** The spec with every palette colour that has a dark counterpart (format.ts DARK_COLORS) replaced by it. */
export function inDarkColors<T>(spec: T): T {
  const walk = (v: unknown): unknown =>
    typeof v === "string" ? DARK_COLORS[v.toLowerCase()] ?? v
    : Array.isArray(v) ? v.map(walk)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "values" && Array.isArray(x) ? x : walk(x)]))
    : v;
  return walk(spec) as T;
}

/** Charts in the reader's colour scheme: on a dark page, light text and lines on no background. */
export function darkOptions(dark = darkScheme()) {
  return dark
    ? { theme: "dark", tooltip: { theme: "dark" }, config: { background: null, view: { stroke: null }, axis: { gridColor: "#3a3a3a", domainColor: "#888", tickColor: "#888", labelColor: "#ddd", titleColor: "#ddd" }, legend: { labelColor: "#ddd", titleColor: "#ddd" }, title: { color: "#eee" } } }
    : { tooltip: { theme: "light" } };
}

/** Resolves once the element is in the document, so that "container" widths are real. */
function whenConnected(element: HTMLElement): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (element.isConnected ? resolve() : requestAnimationFrame(check));
    check();
  });
}

type Datum = Record<string, unknown> & { tip?: Record<string, string> };

/** The chart's data as its tooltips read, one row per mark with a tooltip (duplicates once). */
export function chartRows(spec: TopLevelSpec): Datum[] {
  const s = spec as { data?: { values?: Datum[] }; layer?: { data?: { values?: Datum[] } }[] };
  const all = [...(s.data?.values ?? []), ...(s.layer ?? []).flatMap((l) => l.data?.values ?? [])];
  const seen = new Set<string>();
  return all.filter((d) => {
    if (!d.tip || !Object.keys(d.tip).length) return false;
    const key = JSON.stringify(d.tip);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * The text alternative of a chart: its data as a table under a disclosure, for screen readers
 * and keyboards; where the chart drills down, each row has a button doing what a click does.
 */
function dataTable(rows: Datum[], onPick: ((d: Datum) => void)[]): HTMLDetailsElement {
  const details = document.createElement("details");
  details.className = "chart-data";
  const summary = document.createElement("summary");
  summary.textContent = t("Data table");
  details.append(summary);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.tip!)))];
  const table = document.createElement("table");
  table.className = "data";
  const head = table.createTHead().insertRow();
  for (const c of columns) head.append(Object.assign(document.createElement("th"), { textContent: c }));
  const body = table.createTBody();
  const draw = () => {
    body.replaceChildren();
    for (const r of rows) {
      const tr = body.insertRow();
      columns.forEach((c, i) => {
        const td = tr.insertCell();
        const text = r.tip![c] ?? "";
        if (i === 0 && onPick.length) {
          const b = Object.assign(document.createElement("button"), { type: "button", textContent: text || t("Open"), className: "link" });
          b.addEventListener("click", () => onPick.forEach((fn) => fn(r)));
          td.append(b);
        } else td.textContent = text;
      });
    }
  };
  details.addEventListener("toggle", () => details.open && draw(), { once: true });
  details.append(table);
  return details;
}

export async function renderChart(spec: TopLevelSpec, opts: { label?: string } = {}): Promise<Rendered> {
  const element = document.createElement("figure");
  element.className = "chart";
  // Focusable, named, and followed by its data for those who cannot see or point at it.
  element.tabIndex = 0;
  element.setAttribute("role", "group");
  if (opts.label) element.setAttribute("aria-label", opts.label);
  const picks: ((d: Datum) => void)[] = [];
  const rows = chartRows(spec);
  const table = rows.length ? dataTable(rows, picks) : null;
  const dark = darkScheme();
  const ready = whenConnected(element).then(() =>
    vegaEmbed(element, dark ? inDarkColors(spec) : spec, { actions: false, renderer: "svg", ...darkOptions(dark), ...embedLocaleOptions() } as never).then((result) => {
      if (table) element.append(table);
      element.dataset.drawn = "true";
      element.dataset.drawnAt = String(Math.round(performance.now()));
      return result;
    }),
  );
  return {
    element,
    spec,
    ready,
    onClick(fn) {
      element.classList.add("clickable");
      picks.push(fn);
      void ready.then((result) =>
        result.view.addEventListener("click", (_event, item) => {
          const datum = (item as { datum?: Record<string, unknown> } | null | undefined)?.datum;
          if (datum) fn(datum);
        }),
      );
    },
  };
}
