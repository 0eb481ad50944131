import { html } from "../../_node/htl@0.3.1/index.0caf36e7.js";
import { formatGrowth } from "./format.756c3e18.js";
export function kpiCard(label, value, changes) {
  return html`<div class="card kpi">
    <h2>${label}</h2>
    <span class="big">${value}</span>
    <div class="changes">${changes.map(
    (c) => html`<span class=${c.rate == null ? "flat" : c.rate > 0 !== !!c.invert ? "up" : c.rate === 0 ? "flat" : "down"}>${c.label} ${formatGrowth(c.rate)}</span>`
  )}</div>
  </div>`;
}
export const rate = (current, previous) => current == null || previous == null || previous === 0 ? null : (current - previous) / Math.abs(previous);
