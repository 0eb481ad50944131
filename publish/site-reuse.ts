/**
 * Reusing Framework's output: when the site's sources, settings and packages are those of the
 * last build, the pages are the same and only their data differs. The last site is then copied
 * and each changed page file is written under a new content-hashed name, with the pages'
 * references to it (Framework's registerFile calls: path, size, time) pointed at it; unchanged
 * files keep their names and bytes. Framework's own build (bundling every page) is skipped.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { SITE_MARKER } from "../lib/staging.ts";
import { unzip } from "../lib/zip.ts";

/** Written into every site Tierboard builds: what its pages were built from and where each page file is. */
export const BUILD_RECORD = ".tierboard-build.json";

interface BuildRecord {
  key: string;
  /** what the chart exports were drawn from (their data, the pages' key, the currency) */
  exports?: string;
  /** page file name (overview.zip) -> its path in the site (_file/data/overview.1a2b3c4d.zip) */
  data: Record<string, string>;
  /** every file of the pages (not the customer files or chart exports): a copy is whole only when it holds them all */
  pages?: string[];
}

/** What the caller writes into a site itself: the customer files, the chart exports, this record and the site's marker. */
const notPages = (rel: string) => rel === "_file/data/customers" || rel === "exports" || rel === BUILD_RECORD || rel === SITE_MARKER;

/**
 * The files as the site holds them: Framework unpacks a zip page file into its members
 * (growth.zip -> growth/month-none.json), each a data file of its own.
 */
export function siteDataFiles(files: Map<string, Uint8Array | string>): Map<string, Uint8Array | string> {
  const out = new Map<string, Uint8Array | string>();
  for (const [name, body] of files) {
    if (!name.endsWith(".zip")) {
      out.set(name, body);
      continue;
    }
    const members = unzip(Buffer.from(body as Uint8Array), name);
    for (const [member, read] of members) out.set(`${name.slice(0, -4)}/${member}`, read());
  }
  return out;
}

const sha = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

function walk(dir: string, skip: (rel: string) => boolean = () => false, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    const rel = relative(root, full).split(sep).join("/");
    if (skip(rel)) return [];
    return e.isDirectory() ? walk(full, skip, root) : [rel];
  });
}

/**
 * What Framework's output depends on besides the page data: every file of the site's source
 * folder (Markdown, components, styles, loaders), the Framework config, tierboard.yml, the
 * locked packages, the build's settings (locale, title) and the names of the page files.
 */
export function pagesKey(o: { srcRoot: string; files: string[]; settings: Record<string, string | undefined>; dataNames: string[] }): string {
  const h = createHash("sha256");
  for (const rel of walk(o.srcRoot, (r) => r === ".observablehq" || r.endsWith(".test.ts")).sort()) h.update(`${rel}\0`).update(readFileSync(join(o.srcRoot, rel))).update("\0");
  // By name, not path: a project moved or cloned elsewhere builds the same pages.
  for (const f of o.files) h.update(`${basename(f)}\0`).update(existsSync(f) ? readFileSync(f) : "").update("\0");
  h.update(JSON.stringify(Object.entries(o.settings).sort())).update(JSON.stringify([...o.dataNames].sort()));
  return h.digest("hex");
}

/** The data file Framework wrote for page file `name` (growth/month-none.json -> _file/data/growth/month-none.<hash>.json). */
function findDataFile(site: string, name: string): string | undefined {
  const dot = name.lastIndexOf(".");
  const [stem, ext] = [name.slice(0, dot), name.slice(dot)];
  const dir = stem.includes("/") ? stem.slice(0, stem.lastIndexOf("/") + 1) : "";
  const base = stem.slice(dir.length);
  const folder = join(site, "_file", "data", dir);
  if (!existsSync(folder)) return undefined;
  const hit = readdirSync(folder).find((f) => f.startsWith(`${base}.`) && f.endsWith(ext) && /^[0-9a-f]{8}$/.test(f.slice(base.length + 1, -ext.length)));
  return hit ? `_file/data/${dir}${hit}` : undefined;
}

/** Records, in a freshly built site, where each page file went and what the pages were built from. */
export function recordBuild(site: string, key: string, dataNames: string[]) {
  const data: Record<string, string> = {};
  for (const name of dataNames) {
    const path = findDataFile(site, name);
    // A page file no page reads is not in the site: a later build then cannot place it, and builds in full.
    if (path) data[name] = path;
  }
  writeFileSync(join(site, BUILD_RECORD), JSON.stringify({ key, data, pages: walk(site, notPages).sort() } satisfies BuildRecord, null, 1));
}

/**
 * Makes `into` from the site `previous` with the page data `files`, when `previous` was built
 * from the same sources (`key`). Customer detail files and chart exports are not copied (the
 * caller writes them). Returns false, writing nothing, when the last site cannot be reused.
 */
export function reuseBuild(previous: string, into: string, key: string, files: Map<string, Uint8Array | string>): boolean {
  const recordFile = join(previous, BUILD_RECORD);
  if (!existsSync(recordFile)) return false;
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(recordFile, "utf8")) as BuildRecord;
  } catch {
    return false;
  }
  // A file the record does not place is one no page loads (Framework copies only what pages load).
  const placed = [...files].filter(([n]) => record.data[n]);
  if (record.key !== key || !record.pages || placed.some(([n]) => !existsSync(join(previous, record.data[n]!)))) return false;
  cpSync(previous, into, { recursive: true, filter: (src) => !notPages(relative(previous, src).split(sep).join("/")) });
  // A site being removed or replaced while it was copied: Framework builds the pages instead.
  if (record.pages.some((f) => !existsSync(join(into, f)))) {
    rmSync(into, { recursive: true, force: true });
    return false;
  }
  const moved: { from: string; to: string; size: number }[] = [];
  const data: Record<string, string> = {};
  for (const [name, body] of placed) {
    const from = record.data[name]!;
    // The same bytes keep their name (and the readers' caches); new bytes get a name of their own.
    if (readFileSync(join(into, from)).equals(typeof body === "string" ? Buffer.from(body) : body)) {
      data[name] = from;
      continue;
    }
    const dot = from.lastIndexOf(".");
    const to = `${from.slice(0, from.lastIndexOf(".", dot - 1))}.${sha(body).slice(0, 8)}${from.slice(dot)}`;
    data[name] = to;
    writeFileSync(join(into, to), body);
    rmSync(join(into, from));
    moved.push({ from, to, size: typeof body === "string" ? Buffer.byteLength(body) : body.byteLength });
  }
  if (moved.length) {
    const now = Date.now();
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const found = new Set<string>();
    for (const page of walk(into, (r) => r.startsWith("_file/") || r.startsWith("_npm/") || r === "exports").filter((r) => r.endsWith(".html"))) {
      const file = join(into, page);
      const html = readFileSync(file, "utf8");
      let next = html;
      for (const m of moved)
        next = next.replace(new RegExp(`("path":"(?:\\.\\.?/)*)${escape(m.from)}(","lastModified":)\\d+(,"size":)\\d+`, "g"), (...g: string[]) => {
          found.add(m.from);
          return `${g[1]}${m.to}${g[2]}${now}${g[3]}${m.size}`;
        });
      if (next !== html) writeFileSync(file, next);
    }
    // A file no page was found to load (Framework wrote its reference some other way): build in full.
    if (moved.some((m) => !found.has(m.from))) {
      rmSync(into, { recursive: true, force: true });
      return false;
    }
  }
  writeFileSync(join(into, BUILD_RECORD), JSON.stringify({ key, data, pages: walk(into, notPages).sort() } satisfies BuildRecord, null, 1));
  return true;
}

/** What the chart exports are drawn from: the charts' data, the pages' sources and the settings. */
export const exportsKey = (pages: string, sources: unknown, currency: string) => sha(JSON.stringify([pages, sources, currency]));

/** Copies the last site's chart exports into `into` when they were drawn from the same (`key`); false when not. */
export function reuseExports(previous: string, into: string, key: string): boolean {
  try {
    const record = JSON.parse(readFileSync(join(previous, BUILD_RECORD), "utf8")) as BuildRecord;
    if (record.exports !== key || !existsSync(join(previous, "exports"))) return false;
  } catch {
    return false;
  }
  cpSync(join(previous, "exports"), join(into, "exports"), { recursive: true, preserveTimestamps: true });
  return true;
}

/** Notes in a built site's record what its chart exports were drawn from. */
export function recordExports(site: string, key: string) {
  const file = join(site, BUILD_RECORD);
  if (!existsSync(file)) return;
  const record = JSON.parse(readFileSync(file, "utf8")) as BuildRecord;
  writeFileSync(file, JSON.stringify({ ...record, exports: key }, null, 1));
}
