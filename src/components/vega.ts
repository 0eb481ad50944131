/** The thin render step shared by every chart component: a Vega-Lite spec into an element. */
import vegaEmbed from "vega-embed";
import type { TopLevelSpec } from "vega-lite";

export interface Rendered {
  element: HTMLElement;
  /** Settles when the chart has drawn. */
  ready: Promise<unknown>;
  /** Calls back with the datum under a click, for drill-down. */
  onClick(fn: (datum: Record<string, unknown>) => void): void;
}

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
    vegaEmbed(element, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } }).then((result) => {
      element.dataset.drawn = "true";
      element.dataset.drawnAt = String(Math.round(performance.now()));
      return result;
    }),
  );
  return {
    element,
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
