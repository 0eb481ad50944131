/** The thin render step shared by every chart component: a Vega-Lite spec into an element. */
import vegaEmbed from "vega-embed";
import type { TopLevelSpec } from "vega-lite";
import { locale } from "./i18n.js";

export interface Rendered {
  element: HTMLElement;
  /** The Vega-Lite spec, data inlined: what "download spec" and the static exports write. */
  spec: TopLevelSpec;
  /** Settles with the Vega view when the chart has drawn. */
  ready: Promise<{ view: import("vega").View }>;
  /** Calls back with the datum under a click, for drill-down. */
  onClick(fn: (datum: Record<string, unknown>) => void): void;
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

/** Resolves once the element is in the document, so that "container" widths are real. */
function whenConnected(element: HTMLElement): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (element.isConnected ? resolve() : requestAnimationFrame(check));
    check();
  });
}

export async function renderChart(spec: TopLevelSpec, opts: { label?: string } = {}): Promise<Rendered> {
  const element = document.createElement("figure");
  element.className = "chart";
  if (opts.label) element.setAttribute("aria-label", opts.label);
  const ready = whenConnected(element).then(() =>
    vegaEmbed(element, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" }, ...embedLocaleOptions() } as never).then((result) => {
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
      void ready.then((result) =>
        result.view.addEventListener("click", (_event, item) => {
          const datum = (item as { datum?: Record<string, unknown> } | null | undefined)?.datum;
          if (datum) fn(datum);
        }),
      );
    },
  };
}
