/**
 * What travels: every chart's menu (SVG, PNG, Vega-Lite spec with its data, an iframe snippet)
 * and tables with CSV (UTF-8 with BOM, formulas neutralised) and XLSX downloads of exactly
 * the rows shown, with their numbers as numbers.
 */
import { html } from "htl";
import { neutraliseFormula } from "./formula.js";
import { t } from "./i18n.js";
import type { Rendered } from "./vega.js";
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

/** A chart's menu: downloads, and the snippet that embeds it. */
export function chartMenu(chart: Rendered, opts: { name: string; embed?: string }): HTMLElement {
  const item = (label: string, action: () => void | Promise<void>) => {
    const b = html`<button type="button">${label}</button>` as HTMLButtonElement;
    b.addEventListener("click", () => void action());
    return b;
  };
  const view = async () => (await chart.ready).view;
  const snippet = opts.embed ? embedSnippet(opts.embed) : null;
  const menu = html`<details class="chart-menu"><summary title=${t("Download or embed this chart")}>${t("Download")}</summary><div class="menu">
    ${item(t("SVG image"), async () => save(`${opts.name}.svg`, await (await view()).toSVG(), "image/svg+xml"))}
    ${item(t("PNG image"), async () => save(`${opts.name}.png`, await (await fetch(await (await view()).toImageURL("png", 2))).blob(), "image/png"))}
    ${item(t("Vega-Lite spec with data"), () => save(`${opts.name}.vl.json`, JSON.stringify(chart.spec, null, 1), "application/json"))}
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

/** A table with its downloads; the downloads hold exactly the rows the table shows. */
export function tableWithDownloads<R extends Record<string, unknown>>(opts: { name: string; columns: Column<R>[]; rows: R[] }): HTMLElement {
  const { columns, rows } = opts;
  const isNum = (c: Column<R>) => rows.some((r) => typeof r[c.key] === "number");
  const buttons = html`<div class="table-downloads">
    <button type="button" data-download="csv">${t("CSV")}</button><button type="button" data-download="xlsx">${t("Excel")}</button>
  </div>` as HTMLElement;
  buttons.querySelector('[data-download="csv"]')!.addEventListener("click", () => save(`${opts.name}.csv`, tableCsv(columns, rows), "text/csv;charset=utf-8"));
  buttons.querySelector('[data-download="xlsx"]')!.addEventListener("click", () =>
    save(`${opts.name}.xlsx`, tableXlsx(columns, rows) as BlobPart, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
  );
  const show = (c: Column<R>, r: R) => {
    const v = r[c.key];
    const text = c.format ? c.format(v as never) : v === null || v === undefined ? "–" : String(v);
    const href = c.link?.(r);
    return href ? html`<a href=${href}>${text}</a>` : text;
  };
  return html`<div class="table-wrap">${buttons}<table class="data" data-name=${opts.name}>
    <thead><tr>${columns.map((c) => html`<th class=${isNum(c) ? "num" : ""}>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td class=${`${isNum(c) ? "num" : ""} ${c.className ?? ""}`}>${show(c, r)}</td>`)}</tr>`)}</tbody>
  </table></div>` as HTMLElement;
}
