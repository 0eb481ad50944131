/** A KPI card: the value, and its change against the previous period (YoY) and month (MoM). */
import { html } from "htl";
import { formatGrowth } from "./format.js";

/** up, down or flat as the reader sees the rate: one that rounds to 0% is flat, whatever its sign. */
export function changeClass(rate: number | null | undefined, invert = false): "up" | "down" | "flat" {
  if (rate == null || Number.isNaN(rate) || Math.abs(rate) < 0.0005) return "flat";
  return rate > 0 !== invert ? "up" : "down";
}

export function kpiCard(label: string, value: string, changes: { label: string; rate: number | null | undefined; invert?: boolean }[]) {
  return html`<div class="card kpi">
    <h2>${label}</h2>
    <span class="big">${value}</span>
    <div class="changes">${changes.map(
      (c) => html`<span class=${changeClass(c.rate, c.invert)}>${c.label} ${formatGrowth(c.rate)}</span>`,
    )}</div>
  </div>`;
}
