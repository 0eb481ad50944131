import vegaEmbed from "../../_node/vega-embed@7.3.0/index.1938a343.js";
export async function renderChart(spec, opts = {}) {
  const element = document.createElement("figure");
  element.className = "chart";
  if (opts.label) element.setAttribute("aria-label", opts.label);
  const result = await vegaEmbed(element, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } });
  return {
    element,
    onClick(fn) {
      element.classList.add("clickable");
      result.view.addEventListener("click", (_event, item) => {
        const datum = item?.datum;
        if (datum) fn(datum);
      });
    }
  };
}
