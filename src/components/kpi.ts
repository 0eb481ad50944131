/** A KPI card: the value, and its change against the previous period (YoY) and month (MoM). */
import { html } from "htl";
import { formatGrowth } from "./format.js";

export function kpiCard(label: string, value: string, changes: { label: string; rate: number | null | undefined; invert?: boolean }[]) {
  return html`<div class="card kpi">
    <h2>${label}</h2>
    <span class="big">${value}</span>
    <div class="changes">${changes.map(
      (c) => html`<span class=${c.rate == null ? "flat" : (c.rate > 0) !== !!c.invert ? "up" : c.rate === 0 ? "flat" : "down"}>${c.label} ${formatGrowth(c.rate)}</span>`,
    )}</div>
  </div>`;
}
