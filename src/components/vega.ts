/** The thin render step shared by every chart component: a Vega-Lite spec into an element. */
import vegaEmbed from "vega-embed";
import type { TopLevelSpec } from "vega-lite";

export interface Rendered {
  element: HTMLElement;
  /** Calls back with the datum under a click, for drill-down. */
  onClick(fn: (datum: Record<string, unknown>) => void): void;
}

export async function renderChart(spec: TopLevelSpec, opts: { label?: string } = {}): Promise<Rendered> {
  const element = document.createElement("figure");
  element.className = "chart";
  if (opts.label) element.setAttribute("aria-label", opts.label);
  const result = await vegaEmbed(element, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } });
  return {
    element,
    onClick(fn) {
      element.classList.add("clickable");
      result.view.addEventListener("click", (_event, item) => {
        const datum = (item as { datum?: Record<string, unknown> } | null | undefined)?.datum;
        if (datum) fn(datum);
      });
    },
  };
}
