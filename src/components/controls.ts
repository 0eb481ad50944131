/** Page state in the URL (period, filters, choices), so a link reproduces the view. */
import { formatDate } from "./format.js";
import { labelled, locale, t } from "./i18n.js";

export function getParam(name: string, fallback = ""): string {
  return new URLSearchParams(location.search).get(name) ?? fallback;
}

/** Writes params into the URL without reloading, and carries them on the site's own links. */
export function setParams(values: Record<string, string | null | undefined>): void {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "") params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  syncLinks();
}

const SHARED = ["period", "department", "salesperson", "region", "grade"];

/**
 * Internal links carry the shared params (period and filters), except those a link names
 * itself: a drill-down to grade B in 2024 keeps grade=B and period=2024 whatever the page shows.
 * A link's own params are noted on its first pass (data-own), so later passes can still drop a
 * filter the user has since cleared.
 */
export function syncLinks(): void {
  const current = new URLSearchParams(location.search);
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]"))) {
    const href = a.getAttribute("href")!;
    if (/^[a-z]+:|^\/\/|^#/.test(href) || !/\.html(\?|#|$)/.test(href)) continue;
    const [path, query = ""] = href.split("#")[0]!.split("?");
    const params = new URLSearchParams(query);
    if (a.dataset.own === undefined) a.dataset.own = SHARED.filter((k) => params.has(k)).join(",");
    const own = a.dataset.own.split(",");
    for (const k of SHARED) {
      // An own param left empty clears the filter (Pareto covers everyone, whatever the page's segment).
      if (own.includes(k) && params.get(k) === "") params.delete(k);
      if (own.includes(k)) continue;
      const v = current.get(k);
      if (v) params.set(k, v);
      else params.delete(k);
    }
    const q = params.toString();
    a.setAttribute("href", `${path}${q ? `?${q}` : ""}`);
  }
}

/**
 * Where a click drills to: the page's shared params (period and segment) with the clicked
 * selection's own on top; an empty value clears that param.
 */
export function drillHref(path: string, own: Record<string, string | null | undefined>): string {
  const current = new URLSearchParams(location.search);
  const params = new URLSearchParams();
  for (const k of SHARED) if (current.get(k)) params.set(k, current.get(k)!);
  // A cleared shared param stays as "k=" so that syncLinks keeps it cleared (see there).
  for (const [k, v] of Object.entries(own)) v ? params.set(k, v) : SHARED.includes(k) ? params.set(k, "") : params.delete(k);
  const q = params.toString();
  return `${path}${q ? `?${q}` : ""}`;
}

export interface Option {
  value: string;
  label: string;
}

/**
 * A labelled <select> whose value lives in the URL under `param`; usable with Framework's view().
 */
export function select(param: string, label: string, options: Option[], fallback?: string): HTMLSelectElement & { value: string } {
  const wrapper = document.createElement("label");
  wrapper.className = "control";
  wrapper.textContent = t(label);
  const el = document.createElement("select");
  el.name = param;
  for (const o of options) el.append(new Option(o.label, o.value));
  const wanted = getParam(param, fallback ?? options[0]?.value ?? "");
  el.value = options.some((o) => o.value === wanted) ? wanted : (fallback ?? options[0]?.value ?? "");
  el.addEventListener("input", () => setParams({ [param]: el.value }));
  wrapper.append(el);
  // view() reads value and listens for input on the element it is given: forward both.
  Object.defineProperty(wrapper, "value", { get: () => el.value, set: (v: string) => (el.value = v) });
  el.addEventListener("input", () => wrapper.dispatchEvent(new Event("input", { bubbles: false })));
  return wrapper as unknown as HTMLSelectElement & { value: string };
}

export const periodOptions = (periods: { period: string; period_start: string; period_end: string; is_partial: boolean }[]): Option[] =>
  periods.map((p) => ({
    value: p.period,
    label: p.period === "T12M" ? t("Last 12 months (to {date})", { date: formatDate(p.period_end) }) : p.is_partial ? t("{period} (to {date})", { period: periodName(p.period), date: formatDate(p.period_end) }) : periodName(p.period),
  }));

/** A period's name for the reader: T12M, T12M-1 and fiscal years (FY2025 when the fiscal year does not start in January). */
export function periodName(period: string): string {
  if (period === "T12M") return t("last 12 months");
  if (period === "T12M-1") return t("12 months before");
  const fy = /^FY(\d{4})$/.exec(period);
  if (fy) return t("fiscal year {year}", { year: fy[1] });
  return /^\d{4}$/.test(period) ? t("{year}", { year: period }) : period;
}

/** "What would fill this": shown where a page's data is missing from the exports. */
export function missingNote(tables: { table_name: string; status: string }[], needed: string[], what: string): string | null {
  const missing = needed.filter((x) => tables.find((y) => y.table_name === x)?.status === "missing");
  return missing.length ? t("{what} needs {tables}: add that export and rebuild.", { what: t(what), tables: missing.map((m) => t(m)).join(t(" and ")) }) : null;
}

/** Lower case inside an English sentence; Chinese has no case. */
export const lower = (s: string) => (locale() === "en" ? s.toLowerCase() : s);

/** A chart's title as it travels alone (downloads): what it shows, then its period and segment, the empty parts left out. */
export const titled = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(" · ");

/**
 * The browser tab's title, in the site's language. Pages call it in their imports block: the
 * title in their front matter is English in every build, and set after the data loads it stayed
 * English until then (and a test reading the Chinese report's text met "Monthly report").
 */
export function pageTitle(title: string) {
  document.title = `${title} | Tierboard`;
}

/** A search box whose text lives in the URL under `param`. */
export function searchBox(param: string, label: string, placeholder: string): HTMLInputElement {
  const wrapper = document.createElement("label");
  wrapper.className = "control";
  wrapper.textContent = t(label);
  const el = document.createElement("input");
  el.type = "search";
  el.placeholder = t(placeholder);
  el.value = getParam(param);
  el.addEventListener("input", () => setParams({ [param]: el.value }));
  wrapper.append(el);
  Object.defineProperty(wrapper, "value", { get: () => el.value });
  el.addEventListener("input", () => wrapper.dispatchEvent(new Event("input")));
  return wrapper as unknown as HTMLInputElement;
}

export interface Segment {
  dimension: string;
  member: string;
  label: string;
}

export const SEGMENT_DIMENSIONS: Record<string, string> = { department: "Department", salesperson: "Salesperson", region: "Region", grade: "Grade" };

/** The segment in the URL: the first of department, salesperson, region, grade that is set. */
export function currentSegment(): { dimension: string; member: string } {
  for (const d of Object.keys(SEGMENT_DIMENSIONS)) {
    const v = getParam(d);
    if (v) return { dimension: d, member: v };
  }
  return { dimension: "none", member: "all" };
}

/**
 * The one filter every page shares: everyone, or a department, salesperson, region or grade.
 * It lives in the URL (e.g. ?department=D01) and travels with the site's links.
 */
export function segmentSelect(segments: Segment[]): HTMLElement & { value: { dimension: string; member: string } } {
  const wrapper = document.createElement("label");
  wrapper.className = "control";
  wrapper.textContent = t("Showing");
  const el = document.createElement("select");
  el.name = "segment";
  el.append(new Option(t("Everyone"), "none:all"));
  for (const [dim, title] of Object.entries(SEGMENT_DIMENSIONS)) {
    const group = document.createElement("optgroup");
    group.label = t(title);
    for (const s of segments.filter((x) => x.dimension === dim)) group.append(new Option(labelled(t(title), s.label), `${dim}:${s.member}`));
    if (group.children.length) el.append(group);
  }
  const cur = currentSegment();
  el.value = `${cur.dimension}:${cur.member}`;
  if (el.value !== `${cur.dimension}:${cur.member}`) el.value = "none:all";
  const parse = () => {
    const i = el.value.indexOf(":");
    return { dimension: el.value.slice(0, i), member: el.value.slice(i + 1) };
  };
  el.addEventListener("input", () => {
    const v = parse();
    setParams({ department: null, salesperson: null, region: null, grade: null, ...(v.dimension === "none" ? {} : { [v.dimension]: v.member }) });
    wrapper.dispatchEvent(new Event("input"));
  });
  wrapper.append(el);
  Object.defineProperty(wrapper, "value", { get: parse });
  return wrapper as unknown as HTMLElement & { value: { dimension: string; member: string } };
}

export const segmentLabel = (segments: Segment[], seg: { dimension: string; member: string }) =>
  seg.dimension === "none" ? t("everyone") : `${lower(t(SEGMENT_DIMENSIONS[seg.dimension]!))} ${segments.find((s) => s.dimension === seg.dimension && s.member === seg.member)?.label ?? seg.member}`;

/** Adds a page's per-salesperson rows (a file fetched only when a salesperson is chosen) to its main data. */
export async function withSalespeople<T extends Record<string, unknown>>(main: T, file: { json(): Promise<Record<string, unknown[]>> }): Promise<T> {
  const extra = await file.json();
  return Object.fromEntries(Object.entries(main).map(([k, v]) => [k, extra[k] && Array.isArray(v) ? [...v, ...extra[k]!] : v])) as T;
}
