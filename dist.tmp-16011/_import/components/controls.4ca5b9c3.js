export function getParam(name, fallback = "") {
  return new URLSearchParams(location.search).get(name) ?? fallback;
}
export function setParams(values) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === void 0 || v === "") params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  syncLinks();
}
const SHARED = ["period", "department", "salesperson", "region", "grade"];
export function syncLinks() {
  const current = new URLSearchParams(location.search);
  for (const a of Array.from(document.querySelectorAll("a[href]"))) {
    const href = a.getAttribute("href");
    if (/^[a-z]+:|^\/\/|^#/.test(href) || !/\.html(\?|#|$)/.test(href)) continue;
    const [path, query = ""] = href.split("#")[0].split("?");
    const params = new URLSearchParams(query);
    for (const k of SHARED) {
      if (a.dataset.own?.split(",").includes(k)) continue;
      const v = current.get(k);
      if (v) params.set(k, v);
      else if (!a.dataset.own) params.delete(k);
    }
    const q = params.toString();
    a.setAttribute("href", `${path}${q ? `?${q}` : ""}`);
  }
}
export function select(param, label, options, fallback) {
  const wrapper = document.createElement("label");
  wrapper.className = "control";
  wrapper.textContent = label;
  const el = document.createElement("select");
  el.name = param;
  for (const o of options) el.append(new Option(o.label, o.value));
  const wanted = getParam(param, fallback ?? options[0]?.value ?? "");
  el.value = options.some((o) => o.value === wanted) ? wanted : fallback ?? options[0]?.value ?? "";
  el.addEventListener("input", () => setParams({ [param]: el.value }));
  wrapper.append(el);
  Object.defineProperty(wrapper, "value", { get: () => el.value, set: (v) => el.value = v });
  el.addEventListener("input", () => wrapper.dispatchEvent(new Event("input", { bubbles: false })));
  return wrapper;
}
export const periodOptions = (periods) => periods.map((p) => ({
  value: p.period,
  label: p.period === "T12M" ? `Last 12 months (to ${p.period_end})` : `${p.period}${p.is_partial ? ` (to ${p.period_end})` : ""}`
}));
export function missingNote(tables, needed, what) {
  const missing = needed.filter((t) => tables.find((x) => x.table_name === t)?.status === "missing");
  return missing.length ? `${what} needs ${missing.join(" and ")}: add that export and rebuild.` : null;
}
export function searchBox(param, label, placeholder) {
  const wrapper = document.createElement("label");
  wrapper.className = "control";
  wrapper.textContent = label;
  const el = document.createElement("input");
  el.type = "search";
  el.placeholder = placeholder;
  el.value = getParam(param);
  el.addEventListener("input", () => setParams({ [param]: el.value }));
  wrapper.append(el);
  Object.defineProperty(wrapper, "value", { get: () => el.value });
  el.addEventListener("input", () => wrapper.dispatchEvent(new Event("input")));
  return wrapper;
}
