/**
 * The pipeline behind `tierboard build` and `tierboard dev`: ingest, then the static site.
 * The site is built into a fresh folder and swapped in only when the build succeeded, so a failed
 * build leaves the previous `dist/` in place.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unwatchFile, utimesSync, watchFile, writeFileSync, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { cutSeedsToAudience, cutToAudience } from "../loaders/audience.ts";
import { CONFIG_FILE, ConfigError, loadConfig, targetDir } from "../lib/config.ts";
import { formatInt } from "../lib/format.ts";
import { chartSources, pageDataCache, prefillLoaderCache, writeDetailFiles } from "../publish/page-files.ts";
import { exportsKey, pagesKey, recordBuild, recordExports, reuseBuild, reuseExports, siteDataFiles } from "../publish/site-reuse.ts";
import type { Locale } from "../src/components/i18n.ts";
import { withLock } from "../lib/lock.ts";
import { Progress } from "../lib/progress.ts";
import { assertReplaceable, copyWarehouse, isTierboardSite, markSite, removeStale, stagedPath, swapIn, withStagedWarehouse } from "../lib/staging.ts";
import { compareExports, ingest, type ExportComparison, type IngestResult } from "../loaders/ingest.ts";
import { loadCheckedProject } from "./vars.ts";
import type { Project } from "../runner/project.ts";
import { pipelineFailed, runPipeline, runPipelineInPlace, warehouseOutcome, PROJECT_ROOT, type PipelineResult } from "./models.ts";
import { UserError } from "../lib/errors.ts";

const require = createRequire(import.meta.url);
const frameworkDir = () => dirname(require.resolve("@observablehq/framework/package.json"));
const observableBin = () => join(frameworkDir(), "dist/bin/observable.js");
// Framework runs TypeScript data loaders with the `tsx` on PATH.
const binPath = () => [join(frameworkDir(), "../../.bin"), process.env.PATH].join(delimiter);

export class SiteError extends UserError {}

const GUARD = fileURLToPath(new URL("./guard.mjs", import.meta.url));
const children = new Set<ChildProcess>();
/** Stops the site builds this process started when it exits (Ctrl-C included). */
export const stopChildren = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("exit", stopChildren);

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [GUARD, process.execPath, observableBin(), ...args], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, PATH: binPath(), OBSERVABLE_TELEMETRY_DISABLE: "true", ...env },
    });
    children.add(child);
    child.on("error", rej);
    child.on("exit", (code, signal) => {
      children.delete(child);
      res(code ?? (signal ? 128 : 1));
    });
  });
}

/** Loader output is cached by Framework against the loader's source, not the warehouse: drop it. */
export function clearLoaderCache(root = "src") {
  rmSync(resolve(root, ".observablehq/cache/data"), { recursive: true, force: true });
}

export async function buildSite(opts: { out?: string; warehouse: string; progress?: Progress; title?: string; locale?: Locale; fullRefresh?: boolean }) {
  const progress = opts.progress ?? new Progress();
  const out = resolve(opts.out ?? "dist");
  const config = loadConfig();
  const locale = opts.locale ?? config.locale;
  const tmp = stagedPath(out, "tmp");
  // Framework clears its output folder when it starts: what is written beside it goes here first.
  const side = stagedPath(out, "build");
  const warehouse = resolve(opts.warehouse);
  assertReplaceable(out, "site");
  removeStale(out);
  rmSync(tmp, { recursive: true, force: true });
  rmSync(side, { recursive: true, force: true });
  let drawnFrom = "";
  try {
    // Framework keeps one loader cache per source folder: site builds from it take turns.
    await withLock(resolve("src/.observablehq/site-build"), "build", async () => {
      clearLoaderCache();
      const { files, kept } = await progress.step("Reading the site's data from the warehouse", () =>
        prefillLoaderCache(resolve("src"), warehouse, { dir: pageDataCache(), read: !opts.fullRefresh }),
      );
      if (kept.length) progress.info(`  ${formatInt(files.size - kept.length)} page file(s) made, ${formatInt(kept.length)} as in the last build (their models unchanged)`);
      const settings = { TIERBOARD_LOCALE: locale, ...(opts.title ? { TIERBOARD_SITE_TITLE: opts.title } : {}) };
      const data = siteDataFiles(files);
      const key = pagesKey({ srcRoot: resolve("src"), files: [resolve("observablehq.config.ts"), resolve(process.env.TIERBOARD_CONFIG ?? CONFIG_FILE), resolve("package-lock.json")], settings, dataNames: [...data.keys()] });
      // A build starts from the pages and chart exports of this folder's last site, else of the last site built elsewhere, when they were made from the same.
      const last = lastSite();
      const sites = opts.fullRefresh ? [] : [out, ...(last && last !== out ? [last] : [])].filter((site) => existsSync(site));
      // Another folder may be replaced or removed by a build of its own meanwhile: then this build makes its own.
      const attempt = (site: string, reuse: () => boolean, made: string) => {
        try {
          return reuse();
        } catch (e) {
          if (site === out) throw e;
          rmSync(made, { recursive: true, force: true });
          return false;
        }
      };
      const pagesFrom = sites.find((site) => attempt(site, () => reuseBuild(site, tmp, key, data), tmp));
      if (pagesFrom === out) progress.info("Pages as in the last build (same sources and settings): only their data was replaced");
      else if (pagesFrom) progress.info(`Pages as in the site built last, ${pagesFrom} (same sources and settings): only their data was replaced`);
      const charts = chartSources(files);
      drawnFrom = exportsKey(key, charts, config.currency);
      const exportsFrom = sites.find((site) => isTierboardSite(site) && attempt(site, () => reuseExports(site, side, drawnFrom), join(side, "exports")));
      // The customer files and chart exports need only the warehouse: they are written while Framework bundles the pages.
      const [code] = await Promise.all([
        pagesFrom
          ? 0
          : progress.step("Building the pages", async () => {
              const c = await run(["build"], { TIERBOARD_DIST: tmp, TIERBOARD_WAREHOUSE: warehouse, ...settings });
              if (c === 0) recordBuild(tmp, key, [...data.keys()]);
              return c;
            }),
        progress.step("Writing customer detail files", async () => {
          const { written, kept } = await writeDetailFiles(side, warehouse, opts.fullRefresh || !isTierboardSite(out) ? undefined : out);
          if (kept) progress.info(`  ${formatInt(written)} customer file(s) written, ${formatInt(kept)} as in the last build (kept)`);
        }),
        exportsFrom
          ? progress.info(exportsFrom === out ? "Chart exports as in the last build (same data and settings): kept" : `Chart exports as in ${exportsFrom} (same data and settings): copied`)
          : progress.step("Rendering chart exports (SVG, PNG, Vega-Lite)", async () => {
              // Vega takes 0.4 s to load: only a build that draws charts loads it.
              const { writeChartExports } = await import("../publish/chart-exports.ts");
              for (const w of await writeChartExports(side, charts, { locale, currency: config.currency })) progress.info(`Warning: ${w}`);
            }),
      ]);
      if (code !== 0 || !existsSync(join(tmp, "index.html"))) throw new SiteError(`the site build failed (exit ${code}); the previous ${out} was kept`);
    }, { wait: true, onWait: (m) => progress.info(m) });
    mkdirSync(join(tmp, "_file", "data"), { recursive: true });
    renameSync(join(side, "_file", "data", "customers"), join(tmp, "_file", "data", "customers"));
    renameSync(join(side, "exports"), join(tmp, "exports"));
    recordExports(tmp, drawnFrom);
    markSite(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(side, { recursive: true, force: true });
  }
  swapIn(tmp, out);
  rememberSite(out);
  progress.info(`Site: ${out}`);
}

/**
 * The last site built, for a build into another folder (another client's data, a bench run) to
 * start from its pages when they are built from the same sources and settings (`pagesKey`).
 */
const lastSiteFile = () => resolve(targetDir(), "last-site");
const lastSite = () => (existsSync(lastSiteFile()) ? readFileSync(lastSiteFile(), "utf8").trim() || undefined : undefined);
function rememberSite(out: string) {
  mkdirSync(dirname(lastSiteFile()), { recursive: true });
  writeFileSync(lastSiteFile(), out);
}

/**
 * `tierboard dev`: Framework's preview server. Framework judges a loader's cached output fresh
 * against the loader's own file, not the warehouse: so whenever the warehouse is replaced (a
 * `tierboard run`, `ingest` or `build` in another terminal), the loaders' files are touched, and
 * Framework re-runs the loaders of the open page and pushes the new data to it.
 */
export async function previewSite(opts: { warehouse: string; port?: number }) {
  clearLoaderCache();
  const warehouse = resolve(opts.warehouse);
  const onChange = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs && now.size > 0) touchLoaders();
  };
  watchFile(warehouse, { interval: 250 }, onChange);
  try {
    return await run(["preview", "--no-open", ...(opts.port ? ["--port", String(opts.port)] : [])], { TIERBOARD_WAREHOUSE: warehouse, TIERBOARD_LOCALE: loadConfig().locale });
  } finally {
    unwatchFile(warehouse, onChange);
  }
}

/** Dates every data loader under src/data now, so Framework takes their cached output as stale. */
export function touchLoaders(root = "src") {
  const now = new Date();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
  for (const f of walk(resolve(root, "data"))) utimesSync(f, now, now);
}

export interface BuildOptions {
  warehouse: string;
  sources?: string[];
  mapping?: string;
  maxBadShare?: number;
  vars?: string;
  out?: string;
  progress?: Progress;
  locale?: Locale;
  /** read every export again and rebuild every model, as on a first build */
  fullRefresh?: boolean;
}

type WarehouseBuild = { ok: boolean; ingest: IngestResult | null; pipeline: PipelineResult; kept?: boolean };

/**
 * Ingest into a staged warehouse and run models and tests on it; the warehouse is replaced only
 * when all of that succeeded. The staged warehouse continues the current one: only new exports
 * are read, and the runner keeps what they do not change (docs/incremental.md). When nothing
 * would change (every file as at the last load, every model and test as at the last build), the
 * warehouse is read where it is and kept, not copied and replaced.
 */
export async function buildWarehouse(opts: BuildOptions): Promise<WarehouseBuild> {
  const progress = opts.progress ?? new Progress();
  const warehouse = resolve(opts.warehouse);
  assertReplaceable(warehouse, "warehouse");
  const project = loadCheckedProject(PROJECT_ROOT, opts.vars);
  const ingestOptions = (into: string) => ({ sources: opts.sources!, mapping: opts.mapping, warehouse: into, previous: warehouse, maxBadShare: opts.maxBadShare, progress, fullRefresh: opts.fullRefresh });
  let compared: ExportComparison | undefined;
  if (opts.sources) {
    compared = await compareExports(ingestOptions(warehouse));
    if (compared.mode === "unchanged") {
      const kept = await keptAsItWas(warehouse, project, () => ingest({ ...ingestOptions(warehouse), compared }), progress);
      if (kept) return kept;
    }
  }
  let loaded: IngestResult | null = null;
  const pipeline: PipelineResult = await withStagedWarehouse(
    warehouse,
    async (db) => {
      const r = await runPipeline(db, project, { models: true, tests: true, progress, fullRefresh: opts.fullRefresh });
      return { commit: !pipelineFailed(r), value: r };
    },
    opts.sources
      ? {
          fill: async (staged) => {
            loaded = await ingest({ ...ingestOptions(staged), compared });
          },
        }
      : {},
  );
  return { ok: !pipelineFailed(pipeline), ingest: loaded, pipeline };
}

/**
 * The build of a warehouse that nothing changes, read-only where it is (runPipelineInPlace), the
 * ingest's report read in between. Undefined when a model would be built or a test run, for the
 * caller to stage.
 */
async function keptAsItWas(warehouse: string, project: Project, report: () => Promise<IngestResult>, progress: Progress): Promise<WarehouseBuild | undefined> {
  let loaded: IngestResult | null = null;
  const pipeline = await runPipelineInPlace(warehouse, project, { models: true, tests: true, progress }, async () => (loaded = await report()));
  return pipeline && { ok: !pipelineFailed(pipeline), ingest: loaded, pipeline, kept: true };
}

/**
 * The whole pipeline: the warehouse (buildWarehouse), then the site. Any failure leaves both as they were.
 */
export async function buildAll(opts: BuildOptions): Promise<number> {
  const progress = opts.progress ?? new Progress();
  const warehouse = resolve(opts.warehouse);
  // Both outputs are checked before any work: a wrong path changes nothing.
  assertReplaceable(warehouse, "warehouse");
  assertReplaceable(resolve(opts.out ?? "dist"), "site");
  const { ok, kept } = await buildWarehouse({ ...opts, progress });
  if (!ok) {
    progress.info(`Stopped: the models or their tests failed. The warehouse and site were left as they were.`);
    return 1;
  }
  progress.info(warehouseOutcome(warehouse, kept));
  await buildSite({ out: opts.out, warehouse, progress, locale: opts.locale, fullRefresh: opts.fullRefresh });
  return 0;
}

/**
 * `tierboard build --audience NAME`: a site holding only one audience's rows (lib/audience.ts),
 * from the raw tables of the last ingest. It has its own warehouse beside the main one
 * (`audiences/<name>.duckdb`) and its own folder (`dist-<name>` by default).
 */
export async function buildAudience(opts: { name: string; warehouse: string; vars?: string; out?: string; progress?: Progress; locale?: Locale }): Promise<number> {
  const progress = opts.progress ?? new Progress();
  const config = loadConfig();
  const audience = config.audiences[opts.name];
  const names = Object.keys(config.audiences);
  if (!audience)
    throw new ConfigError(`no audience "${opts.name}" in ${CONFIG_FILE}; ${names.length ? `its audiences: ${names.join(", ")}` : "it defines none (see the audiences section)"}`);
  const main = resolve(opts.warehouse);
  if (!existsSync(main)) throw new SiteError(`no warehouse at ${main}: run 'npx tierboard build' (or ingest) first; audience sites start from its raw tables`);
  const warehouse = join(dirname(main), "audiences", `${opts.name}.duckdb`);
  mkdirSync(dirname(warehouse), { recursive: true });
  const project = loadCheckedProject(PROJECT_ROOT, opts.vars);
  const result = await withStagedWarehouse(
    warehouse,
    async (db) => {
      const customers = await cutToAudience(db.conn, opts.name, audience);
      if (customers === 0)
        throw new SiteError(`audience "${opts.name}" has no rows: no customer in the warehouse is owned by its departments (${audience.departments.join(", ") || "none"}) or salespeople (${audience.salespeople.join(", ") || "none"}), and none bought from them; check the ids in ${CONFIG_FILE}. Nothing was built`);
      progress.info(`Audience ${opts.name} (${audience.title ?? opts.name}): ${formatInt(customers)} customers`);
      // The cut changed the raw tables under the models copied with them: every model is built again.
      const r = await runPipeline(db, project, { models: true, tests: true, progress, fullRefresh: true });
      if (!pipelineFailed(r)) await cutSeedsToAudience(db.conn);
      return { commit: !pipelineFailed(r), value: r };
    },
    { fill: async (staged) => copyWarehouse(main, staged) },
  );
  if (pipelineFailed(result)) {
    progress.info(`Stopped: the models or their tests failed on the audience's rows. Its site was left as it was.`);
    return 1;
  }
  await buildSite({ out: opts.out ?? `dist-${opts.name}`, warehouse, progress, title: audience.title ?? opts.name, locale: opts.locale });
  return 0;
}
