/**
 * What travels: every chart's menu (SVG, PNG, Vega-Lite spec with its data, an iframe snippet)
 * and tables with CSV (UTF-8 with BOM, formulas neutralised) and XLSX downloads of exactly
 * the rows shown, with their numbers as numbers.
 */
import { html } from "htl";
import { getParam, setParams, syncLinks } from "./controls.js";
import { neutraliseFormula } from "./formula.js";
import { t } from "./i18n.js";
import { chartImage, titledSpec, type Rendered } from "./vega.js";
import { xlsxBytes, type Cell } from "./xlsx.js";

function save(name: string, data: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The iframe snippet for a chart's embed page, with this page's period and filters. */
export function embedSnippet(chart: string, search = location.search): string {
  const src = new URL(`embed/${chart}.html${search}`, new URL(".", location.href)).href;
  return `<iframe src="${src}" width="640" height="360" style="border:0" loading="lazy" title="${chart}"></iframe>`;
}

/**
 * A chart's menu: downloads, and the snippet that embeds it. `title` says what the chart shows
 * with its period and segment; the SVG, PNG and spec carry it, as the embeds and static exports
 * do, because a downloaded image travels without the page around it. `search` is the embed's
 * query when it is not the page's own.
 */
export function chartMenu(chart: Rendered, opts: { name: string; title: string; embed?: string; search?: string }): HTMLElement {
  const item = (label: string, action: () => void | Promise<void>) => {
    const b = html`<button type="button">${label}</button>` as HTMLButtonElement;
    b.addEventListener("click", () => void action());
    return b;
  };
  const width = async () => (await chart.ready).view.width();
  const image = async (format: "svg" | "png") => chartImage(chart.spec, opts.title, await width(), format);
  const snippet = opts.embed ? embedSnippet(opts.embed, opts.search) : null;
  const menu = html`<details class="chart-menu"><summary title=${t("Download or embed this chart")}>${t("Download")}</summary><div class="menu">
    ${item(t("SVG image"), async () => save(`${opts.name}.svg`, await image("svg"), "image/svg+xml"))}
    ${item(t("PNG image"), async () => save(`${opts.name}.png`, await (await fetch(await image("png"))).blob(), "image/png"))}
    ${item(t("Vega-Lite spec with data"), async () => save(`${opts.name}.vl.json`, JSON.stringify(titledSpec(chart.spec, opts.title, await width()), null, 1), "application/json"))}
    ${snippet ? html`<label class="embed">${t("Embed in a page:")}<textarea readonly rows="3">${snippet}</textarea></label>` : ""}
    ${snippet ? item(t("Copy embed code"), () => navigator.clipboard?.writeText(snippet)) : ""}
  </div></details>` as HTMLElement;
  return menu;
}

export interface Column<R> {
  key: keyof R & string;
  label: string;
  /** how the page shows the value; downloads keep the value itself */
  format?: (v: never) => string;
  link?: (row: R) => string | null;
  /** what the cell holds on the page when it is more than text (a list behind a disclosure); downloads keep the value */
  render?: (row: R) => Node | string;
  className?: string;
}

const csvField = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "number" ? String(v) : neutraliseFormula(String(v));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV of the rows as shown (the columns' labels, the values unformatted), with a BOM for Excel. */
export function tableCsv<R>(columns: Column<R>[], rows: R[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(","), ...rows.map((r) => columns.map((c) => csvField(r[c.key])).join(","))];
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

export function tableXlsx<R>(columns: Column<R>[], rows: R[]): Uint8Array {
  const cell = (v: unknown): Cell => (v === null || v === undefined ? null : typeof v === "number" ? v : String(v));
  return xlsxBytes([{ name: "data", rows: [columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => cell(r[c.key])))] }]);
}

export interface TableOptions<R> {
  name: string;
  columns: Column<R>[];
  rows: R[];
  /** rows per page; the rest behind Previous / Next / Show all (downloads always hold every row) */
  pageSize?: number;
  /** headers sort the rows (click again to reverse) */
  sortable?: boolean;
  /** keeps the sort and page in the URL under `${param}sort` and `${param}page`, so a link or Back restores them */
  param?: string;
  /** what an empty table says instead of bare headings */
  empty?: string;
}

type SortState = { key: string; desc: boolean } | null;

/** Rows sorted by a column: numbers and text in the locale's order, blanks last either way. */
export function sortRows<R extends Record<string, unknown>>(rows: R[], key: string, desc: boolean): R[] {
  const collator = new Intl.Collator(undefined, { numeric: true });
  const blank = (v: unknown) => v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
  return [...rows].sort((a, b) => {
    const [x, y] = [a[key], b[key]];
    if (blank(x) || blank(y)) return blank(x) === blank(y) ? 0 : blank(x) ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return desc ? -order : order;
  });
}

/**
 * A table with its downloads. The downloads hold every row given, in the order shown, whatever
 * page is on screen: a filtered list downloads whole.
 */
export function tableWithDownloads<R extends Record<string, unknown>>(opts: TableOptions<R>): HTMLElement {
  const { columns, rows } = opts;
  // Asked for every cell shown: a column of blanks would be scanned whole each time.
  const numeric = new Set(columns.filter((c) => rows.some((r) => typeof r[c.key] === "number")).map((c) => c.key));
  const isNum = (c: Column<R>) => numeric.has(c.key);
  // The sort and page live in the URL under the table's prefix (setParams: one place that writes it).
  const remember = (values: Record<string, string | null>) => {
    if (opts.param !== undefined) setParams(Object.fromEntries(Object.entries(values).map(([k, v]) => [opts.param + k, v])));
  };
  const saved = opts.param === undefined ? null : getParam(`${opts.param}sort`);
  let sort: SortState = saved && columns.some((c) => c.key === saved.split(":")[0]) ? { key: saved.split(":")[0]!, desc: saved.endsWith(":desc") } : null;
  let page = opts.param === undefined ? 0 : Math.max(0, Number(getParam(`${opts.param}page`, "1")) - 1 || 0);
  let showAll = false;
  const sorted = () => (sort ? sortRows(rows, sort.key, sort.desc) : rows);

  const wrap = html`<div class="table-wrap"></div>` as HTMLElement;
  if (rows.length === 0) {
    wrap.append(html`<p class="empty" role="status">${opts.empty ?? t("Nothing to show.")}</p>` as Node);
    return wrap;
  }
  const buttons = html`<div class="table-downloads">
    <button type="button" data-download="csv" title=${t("{n} rows", { n: rows.length })}>${t("CSV")}</button><button type="button" data-download="xlsx" title=${t("{n} rows", { n: rows.length })}>${t("Excel")}</button>
  </div>` as HTMLElement;
  buttons.querySelector('[data-download="csv"]')!.addEventListener("click", () => save(`${opts.name}.csv`, tableCsv(columns, sorted()), "text/csv;charset=utf-8"));
  buttons.querySelector('[data-download="xlsx"]')!.addEventListener("click", () =>
    save(`${opts.name}.xlsx`, tableXlsx(columns, sorted()) as BlobPart, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
  );
  const show = (c: Column<R>, r: R) => {
    if (c.render) return c.render(r);
    const v = r[c.key];
    const text = c.format ? c.format(v as never) : v === null || v === undefined ? "–" : String(v);
    const href = c.link?.(r);
    return href ? html`<a href=${href}>${text}</a>` : text;
  };
  const table = html`<table class="data" data-name=${opts.name} data-rows=${rows.length}></table>` as HTMLTableElement;
  const pager = html`<div class="pager"></div>` as HTMLElement;
  const draw = () => {
    const all = sorted();
    const size = opts.pageSize && !showAll ? opts.pageSize : all.length;
    const pages = Math.max(1, Math.ceil(all.length / size));
    page = Math.min(page, pages - 1);
    const shown = all.slice(page * size, page * size + size);
    const head = (c: Column<R>) => {
      const state = sort?.key === c.key ? (sort.desc ? "descending" : "ascending") : "none";
      if (!opts.sortable) return html`<th class=${isNum(c) ? "num" : ""}>${c.label}</th>`;
      const b = html`<button type="button" class="sort" data-key=${c.key}>${c.label}<span class="arrow" aria-hidden="true">${state === "ascending" ? "▲" : state === "descending" ? "▼" : ""}</span></button>` as HTMLButtonElement;
      b.addEventListener("click", () => {
        // Numbers start high to low, text A to Z; a second click reverses.
        sort = sort?.key === c.key ? { key: c.key, desc: !sort.desc } : { key: c.key, desc: isNum(c) };
        page = 0;
        remember({ sort: `${sort.key}:${sort.desc ? "desc" : "asc"}`, page: null });
        draw();
      });
      return html`<th class=${isNum(c) ? "num" : ""} aria-sort=${state}>${b}</th>`;
    };
    table.replaceChildren(
      html`<thead><tr>${columns.map(head)}</tr></thead>` as Node,
      html`<tbody>${shown.map((r) => html`<tr>${columns.map((c) => html`<td class=${`${isNum(c) ? "num" : ""} ${c.className ?? ""}`}>${show(c, r)}</td>`)}</tr>`)}</tbody>` as Node,
    );
    // Redrawn links carry the page's period and filters like the rest.
    if (table.isConnected) syncLinks();
    if (pages === 1 && !showAll) {
      pager.replaceChildren();
      return;
    }
    const go = (label: string, to: number, disabled: boolean) => {
      const b = html`<button type="button" disabled=${disabled}>${label}</button>` as HTMLButtonElement;
      b.addEventListener("click", () => {
        page = to;
        remember({ page: page ? String(page + 1) : null });
        draw();
      });
      return b;
    };
    const toggle = html`<button type="button" data-show-all>${showAll ? t("Show pages") : t("Show all {n}", { n: all.length.toLocaleString() })}</button>` as HTMLButtonElement;
    toggle.addEventListener("click", () => {
      showAll = !showAll;
      page = 0;
      draw();
    });
    pager.replaceChildren(
      html`<span class="muted">${t("Rows {from}–{to} of {n}", { from: (page * size + 1).toLocaleString(), to: (page * size + shown.length).toLocaleString(), n: all.length.toLocaleString() })}</span>` as Node,
      ...(showAll ? [] : [go(t("Previous page"), page - 1, page === 0), go(t("Next page"), page + 1, page >= pages - 1)]),
      toggle,
    );
  };
  draw();
  wrap.append(buttons, table, pager);
  return wrap;
}
