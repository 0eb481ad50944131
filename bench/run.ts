/**
 * `npm run bench [-- --order-lines N[,M...]]`: for each scale (by default 1M and 10M lines, in one
 * run), generates the sample (cached), then measures ingest, model run, data tests, site build, the
 * whole build, an edit-rebuild of one mart, the plain-DuckDB floor, the incremental build (history,
 * one more month, nothing new), the memory curve; sizes of the warehouse and dist/; and per page the
 * compressed bytes downloaded before first render and the first-render time in headless chromium.
 * Each scale's results go to bench/results/ as JSON and Markdown, and a run of several scales adds
 * their figures side by side against the targets (bench/targets.ts). Figures are printed, never
 * asserted.
 */
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { transcodeToUtf8 } from "../loaders/encoding.ts";
import { hasChromium, launchBrowser, waitForCharts } from "../lib/browser.ts";
import { serveStatic } from "../lib/static-server.ts";
import { all, openDb } from "../lib/duckdb.ts";
import { splitLastMonth } from "../sample/split.ts";
import { loadProject } from "../runner/project.ts";
import { STAGE, summary, type StageFigure } from "./targets.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    // Comma-separated scales, each measured in turn; the summary sets them side by side.
    "order-lines": { type: "string", default: "1000000,10000000" },
    seed: { type: "string", default: "42" },
    "no-pages": { type: "boolean" },
    // Leave out the whole build from nothing (about the sum of the stages before it), to save time at 10M.
    "no-whole": { type: "boolean" },
    // Limits for the memory curve (the model run at each), comma-separated; "default" is DuckDB's own 80% of RAM.
    "memory-curve": { type: "string", default: "1536MB,2GB,default" },
    // Measure the pages of the site the last run built, without running the stages again.
    "pages-only": { type: "boolean" },
  },
});
const scales = values["order-lines"]!.split(",").map((v) => Number(v.trim()));
if (scales.some((n) => !Number.isInteger(n) || n <= 0)) {
  process.stderr.write(`--order-lines: expected whole numbers of order lines, comma-separated (1000000,10000000), got ${values["order-lines"]}\n`);
  process.exit(2);
}
const root = resolve(import.meta.dirname, "..");
const cli = join(root, "bin", "tierboard.cjs");
const outDir = join(root, "bench", "results");
const cacheRoot = join(root, "bench", "cache");
/** A scale's sample, warehouses and sites, kept for the next run. */
const scaleCache = (lines: number) => join(cacheRoot, `lines-${lines}-seed-${values.seed}`);

const TIME = "/usr/bin/time";

/** Runs a command, timing it with GNU time when the machine has it (wall, user+sys, peak RSS). */
function measure(stage: string, cmd: string[], opts: { quiet?: boolean; env?: Record<string, string> } = {}): StageFigure & { stdout: string; stderr: string } {
  process.stderr.write(`\n== ${stage}: ${cmd.map((c) => c.replace(root + "/", "")).join(" ")}\n`);
  const timeFile = join(cacheRoot, ".time");
  const useTime = existsSync(TIME);
  const t0 = performance.now();
  const r = spawnSync(useTime ? TIME : cmd[0]!, useTime ? ["-f", "%e %U %S %M", "-o", timeFile, ...cmd] : cmd.slice(1), {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", opts.quiet ? "pipe" : "inherit"],
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", ...opts.env },
    maxBuffer: 1 << 28,
  });
  const wall = (performance.now() - t0) / 1000;
  let cpu: number | null = null;
  let rss: number | null = null;
  if (useTime && existsSync(timeFile)) {
    const [, user, sys, kb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    cpu = Math.round((user! + sys!) * 10) / 10;
    rss = Math.round(kb! / 1024);
  }
  const s = { stage, wall_s: Math.round(wall * 10) / 10, cpu_s: cpu, peak_rss_mb: rss, ok: r.status === 0, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  if (!s.ok) process.stderr.write(`   FAILED (exit ${r.status})\n${opts.quiet ? r.stderr : ""}`);
  return s;
}

const du = (p: string): number => {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  return st.isDirectory() ? readdirSync(p).reduce((s, f) => s + du(join(p, f)), 0) : st.size;
};
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Seconds of each step a build printed: "Models: ... in 8.7 s", "Building the pages (10.6 s)". */
function buildSteps(log: string): Record<string, number> {
  const secs = (d: string) => {
    const m = /(?:(\d+) min )?([\d.]+) (ms|s)/.exec(d);
    return m ? Math.round((Number(m[1] ?? 0) * 60 + Number(m[2]) / (m[3] === "ms" ? 1000 : 1)) * 10) / 10 : NaN;
  };
  const out: Record<string, number> = {};
  const find = (name: string, re: RegExp) => {
    const m = re.exec(log);
    if (m) out[name] = secs(m[1]!);
  };
  find("compare files", /Comparing the files with the last load \(([^)]+)\)/);
  find("models", /^Models: .* in (.+)$/m);
  find("data tests", /^Tests: .* in (.+)$/m);
  find("page data", /Reading the site's data from the warehouse \(([^)]+)\)/);
  find("pages (Framework)", /Building the pages \(([^)]+)\)/);
  find("customer files", /Writing customer detail files \(([^)]+)\)/);
  find("chart exports", /Rendering chart exports \(SVG, PNG, Vega-Lite\) \(([^)]+)\)/);
  return out;
}
interface PageFigure {
  page: string;
  data_kb_gzip: number;
  requests: number;
  first_render_ms: number;
}
/** Every measure of one scale; its results written to bench/results/<date>-<lines>.{json,md}. */
async function benchScale(lines: number) {
  const cache = scaleCache(lines);
  const exportsDir = join(cache, "exports");
  const floorDir = join(cache, "floor");
  mkdirSync(cache, { recursive: true });
  const stages: StageFigure[] = [];

  // 1. The sample, generated once per scale and seed.
  const marker = join(exportsDir, ".complete");
  if (!existsSync(marker)) {
    rmSync(exportsDir, { recursive: true, force: true });
    const s = measure("generate sample (not a stage)", [process.execPath, cli, "sample", "--out", exportsDir, "--order-lines", String(lines), "--seed", values.seed!]);
    if (!s.ok) process.exit(1);
    writeFileSync(marker, new Date().toISOString());
  }
  // The floor reads UTF-8: DuckDB has no GBK decoder, so its copies are made here, untimed.
  mkdirSync(floorDir, { recursive: true });
  await transcodeToUtf8(join(exportsDir, "发票.csv"), join(floorDir, "invoices.csv"), "gb18030");
  await transcodeToUtf8(join(exportsDir, "回款记录.csv"), join(floorDir, "payments.csv"), "gb18030");

  // 2. Tierboard's stages, one process each, then the whole build.
  const wh = join(cache, "warehouse.duckdb");
  const dist = join(cache, "dist");
  const tb = (...args: string[]) => [process.execPath, cli, ...args];
  let floorMs: { read_ms: number; compute_ms: number } | null = null;
  const LAST_MONTH = "2026-10";
  let incrementalSteps: Record<string, number> = {};
  const curve: { limit: string; wall_s: number; peak_rss_mb: number | null; ok: boolean }[] = [];

  let runnerOverheadMs: number | null = null;
  let runnerOverheadPlusMinusMs = 0;
  if (!values["pages-only"]) {
    // Every stage starts from nothing: a site left by an earlier run would let the site build reuse its pages.
    for (const f of readdirSync(cache)) if (f.startsWith("warehouse") || f.startsWith("whole") || f === "dist") rmSync(join(cache, f), { recursive: true, force: true });
    stages.push(measure("ingest", tb("ingest", "--source", exportsDir, "--warehouse", wh)));
    const models = measure("models", tb("run", "--warehouse", wh), { quiet: true });
    stages.push(models);
    // The runner's own cost per model: its total minus the time DuckDB spent in the models.
    // "in 812 ms", "in 12.2 s" or "in 2 min 28 s" (lib/format.ts formatDuration).
    const total = /Models: (\d+) OK.* in (?:(\d+) min )?([\d.]+) (ms|s)/.exec(models.stderr);
    if (total) {
      const db = await openDb(wh, { readOnly: true });
      const [{ n, s }] = await all<{ n: number; s: number }>(db.conn, "select count(*)::int as n, sum(seconds) as s from tierboard_run_results");
      db.close();
      const totalMs = Number(total[2] ?? 0) * 60000 + Number(total[3]) * (total[4] === "s" ? 1000 : 1);
      runnerOverheadMs = Math.round(((totalMs - s! * 1000) / n!) * 10) / 10;
      // A run of a minute or more prints its total to the second: the figure is that coarse.
      if (total[2]) runnerOverheadPlusMinusMs = Math.round((500 / n!) * 10) / 10;
    }
    stages.push(measure("data tests", tb("test", "--warehouse", wh), { quiet: true }));
    stages.push(measure("site build", tb("build", "--site-only", "--warehouse", wh, "--out", dist), { quiet: true }));
    if (!values["no-whole"]) stages.push(measure(STAGE.whole, tb("build", "--source", exportsDir, "--warehouse", join(cache, "whole.duckdb"), "--out", join(cache, "whole-dist")), { quiet: true }));
    // As after editing pareto.sql: the mart and what reads it are built again (the runner would pick them by their changed SQL).
    stages.push(measure("edit one mart: run pareto+", tb("run", "--select", "pareto+", "--full-refresh", "--warehouse", wh), { quiet: true }));
    const floor = measure(STAGE.floor, [process.execPath, "--import", "tsx", join(root, "bench", "floor.ts"), exportsDir, floorDir]);
    floorMs = floor.ok ? (JSON.parse(floor.stdout.trim().split("\n").pop()!) as { read_ms: number; compute_ms: number }) : null;
    stages.push(floor);

    // The incremental build: the history, then one more month of exports in a folder of its own.
    const split = join(cache, "months");
    if (!existsSync(join(split, ".complete"))) {
      rmSync(split, { recursive: true, force: true });
      process.stderr.write(`\n== splitting the sample into history and its last month (not a stage)\n`);
      await splitLastMonth(exportsDir, split, LAST_MONTH);
      writeFileSync(join(split, ".complete"), new Date().toISOString());
    }
    const incExports = join(cache, "inc-exports");
    for (const f of ["inc-exports", "inc.duckdb", "inc-dist"]) rmSync(join(cache, f), { recursive: true, force: true });
    // Links, not copies: the ledger hashes the same bytes.
    const link = (from: string, to: string) => {
      mkdirSync(to, { recursive: true });
      for (const f of readdirSync(from)) if (!f.startsWith(".")) linkSync(join(from, f), join(to, f));
    };
    link(join(split, "history"), join(incExports, "history"));
    const incBuild = () => tb("build", "--source", incExports, "--warehouse", join(cache, "inc.duckdb"), "--out", join(cache, "inc-dist"));
    stages.push(measure("incremental: history, first build", incBuild(), { quiet: true }));
    link(join(split, LAST_MONTH), join(incExports, LAST_MONTH));
    const month = measure(STAGE.month, incBuild(), { quiet: true });
    stages.push(month);
    incrementalSteps = buildSteps(month.stderr);
    writeFileSync(join(cache, "incremental-build.log"), month.stderr);
    stages.push(measure("incremental: nothing new, whole build", incBuild(), { quiet: true }));

    // Memory limit against time and peak memory: the model run (the stage that holds the most) at each limit.
    for (const limit of values["memory-curve"]!.split(",").filter(Boolean)) {
      const bytes = limit === "default" ? `${Math.floor((totalmem() * 0.8) / 2 ** 20)}MB` : limit;
      const r = measure(`models at memory_limit ${limit === "default" ? `${bytes} (DuckDB's default, 80% of RAM)` : limit}`, tb("run", "--full-refresh", "--warehouse", wh), { quiet: true, env: { TIERBOARD_MEMORY_LIMIT: bytes } });
      curve.push({ limit: limit === "default" ? `${bytes} (80% of RAM)` : limit, wall_s: r.wall_s, peak_rss_mb: r.peak_rss_mb, ok: r.ok });
    }
  }

  // 3. Pages: compressed data bytes before first render, and first-render time.
  const pages: PageFigure[] = [];
  let drillMs: number | null = null;
  if (!values["no-pages"] && hasChromium() && existsSync(join(dist, "index.html"))) {
    const server = await serveStatic(dist);
    const browser = await launchBrowser();
    // Every page the exposures name, so that a new page is measured too; but the customer page, which
    // needs a customer (the drill-down below), and the printable report.
    const names = loadProject(root).exposures
      .filter((e) => e.type === "dashboard" && e.url && !["customer.html", "report.html"].includes(e.url))
      .map((e) => e.url!.replace(/\.html$/, ""));
    for (const name of names) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const bodies: Promise<number>[] = [];
      page.on("response", (r) => {
        const u = r.url();
        if (/\/_file\/|\/data\//.test(u) && !/\.(js|css|svg)$/.test(u)) bodies.push(r.body().then((b) => gzipSync(b).length).catch(() => 0));
      });
      await page.goto(`${server.url}/${name}.html`, { waitUntil: "networkidle" });
      await waitForCharts(page, 60_000);
      // First render: the later of the last data file arriving and the last chart drawing.
      const ms = await page.evaluate(() => {
        const data = performance.getEntriesByType("resource").filter((e) => /\/_file\/|\/data\//.test(e.name) && !/\.(js|css|svg)$/.test(e.name)).map((e) => (e as PerformanceResourceTiming).responseEnd);
        const charts = Array.from(document.querySelectorAll("figure.chart")).map((f) => Number((f as HTMLElement).dataset.drawnAt ?? 0));
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        return Math.max(nav.domContentLoadedEventEnd, ...data, ...charts);
      });
      const sizes = await Promise.all(bodies);
      pages.push({ page: name, data_kb_gzip: Math.round(sizes.reduce((a, b) => a + b, 0) / 102.4) / 10, requests: sizes.length, first_render_ms: Math.round(ms) });
      await page.close();
    }
    const db = await openDb(wh, { readOnly: true });
    const [top] = await all<{ id: string }>(db.conn, "select member_id as id from topn where period = 'T12M' and dimension = 'customer' and metric = 'revenue' and rank = 1");
    db.close();
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}/customer.html?id=${encodeURIComponent(top!.id)}`, { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelector("h1")?.textContent !== "Customer not found" && !!document.querySelector(".kpi"));
    drillMs = Date.now() - t0;
    await browser.close();
    await server.close();
  }

  // 4. Results.
  const result = {
    taken_at: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version },
    order_lines: lines,
    stages: stages.map(({ stdout: _, stderr: __, ...s }: any) => s),
    runner_overhead_ms_per_model: runnerOverheadMs,
    runner_overhead_plus_minus_ms: runnerOverheadPlusMinusMs,
    floor_ms: floorMs,
    ratio_to_floor: floorMs && stages.length >= 3
      ? {
          ingest: Math.round((stages[0]!.wall_s * 1000) / floorMs.read_ms * 10) / 10,
          models_and_tests: Math.round(((stages[1]!.wall_s + stages[2]!.wall_s) * 1000) / floorMs.compute_ms * 10) / 10,
          ingest_plus_models: Math.round(((stages[0]!.wall_s + stages[1]!.wall_s) * 1000) / (floorMs.read_ms + floorMs.compute_ms) * 10) / 10,
        }
      : null,
    incremental_month_steps_s: incrementalSteps,
    memory_curve: curve,
    sizes_mb: { exports: mb(du(exportsDir)), warehouse: mb(du(wh)), dist: mb(du(dist)) },
    pages,
    customer_drilldown_ms: drillMs,
  };
  const md = [
    `### ${lines.toLocaleString("en-US")} order lines (${result.taken_at.slice(0, 10)}, ${result.machine.cores} cores, ${result.machine.memory_gb} GiB, ${result.machine.cpu})`,
    "",
    "| stage | wall s | CPU s | peak RSS MB |",
    "| --- | ---: | ---: | ---: |",
    ...result.stages.map((s: StageFigure) => `| ${s.stage}${s.ok ? "" : " (FAILED)"} | ${s.wall_s} | ${s.cpu_s ?? "–"} | ${s.peak_rss_mb ?? "–"} |`),
    "",
    values["pages-only"] ? "Stages and floor not run (--pages-only)." : floorMs ? `Floor: read ${(floorMs.read_ms / 1000).toFixed(1)} s, compute ${(floorMs.compute_ms / 1000).toFixed(1)} s. Tierboard / floor: ingest ${result.ratio_to_floor!.ingest}x, models + tests ${result.ratio_to_floor!.models_and_tests}x, ingest + models ${result.ratio_to_floor!.ingest_plus_models}x.` : "Floor: failed.",
    "",
    Object.keys(incrementalSteps).length ? `One more month, where the whole build's time went (s): ${Object.entries(incrementalSteps).map(([k, v]) => `${k} ${v}`).join(", ")}.` : "",
    "",
    ...(curve.length
      ? ["Memory limit against the model run (every model built again):", "", "| DuckDB memory_limit | wall s | peak RSS MB |", "| --- | ---: | ---: |", ...curve.map((c) => `| ${c.limit}${c.ok ? "" : " (FAILED)"} | ${c.wall_s} | ${c.peak_rss_mb ?? "–"} |`), ""]
      : []),
    `Sizes: exports ${result.sizes_mb.exports} MB, warehouse ${result.sizes_mb.warehouse} MB, dist ${result.sizes_mb.dist} MB.`,
    "",
    runnerOverheadMs === null ? "" : `Runner overhead: ${runnerOverheadMs} ms per model${runnerOverheadPlusMinusMs ? ` (± ${runnerOverheadPlusMinusMs} ms: the run's total is printed to the second)` : ""} (the run's total minus DuckDB's time in the models, over the models).`,
    "",
    ...(pages.length
      ? ["| page | data before first render (KB, gzip) | requests | first render ms |", "| --- | ---: | ---: | ---: |", ...pages.map((p) => `| ${p.page} | ${p.data_kb_gzip} | ${p.requests} | ${p.first_render_ms} |`), "", `Customer drill-down (page load to profile shown): ${drillMs} ms.`]
      : ["Pages not measured (no chromium, or the site build failed)."]),
    "",
  ].join("\n");
  mkdirSync(outDir, { recursive: true });
  const stem = `${result.taken_at.slice(0, 10)}-${lines}${values["pages-only"] ? "-pages" : ""}`;
  writeFileSync(join(outDir, `${stem}.json`), JSON.stringify(result, null, 2) + "\n");
  writeFileSync(join(outDir, `${stem}.md`), md);
  process.stdout.write("\n" + md);
  return result;
}

// Each scale keeps its exports, warehouses and sites in bench/cache/ (about 18 GB at 10M lines, 2 GB
// at 1M): a disk without room for them is said before the first stage, not found out mid-run.
if (!values["pages-only"]) {
  mkdirSync(cacheRoot, { recursive: true });
  const { bavail, bsize } = statfsSync(cacheRoot);
  const gb = (bytes: number) => Math.round(bytes / 1e8) / 10;
  const needed = scales.reduce((sum, n) => sum + Math.max(0, n * 1900 - du(scaleCache(n))), 0);
  if (needed > bavail * bsize) {
    process.stderr.write(`bench: the scales asked for need about ${gb(needed)} GB more in ${cacheRoot}, and its disk has ${gb(bavail * bsize)} GB free; free some space or ask for fewer lines (--order-lines 1000000)\n`);
    process.exit(2);
  }
}
const results = [];
for (const lines of scales) results.push(await benchScale(lines));
if (results.length > 1 && !values["pages-only"]) {
  const { taken_at, machine } = results[results.length - 1]!;
  const side = summary(results, taken_at, `${machine.cores} cores, ${machine.memory_gb} GiB, ${machine.cpu}`);
  const stem = `${taken_at.slice(0, 10)}-${scales.join("+")}`;
  writeFileSync(join(outDir, `${stem}.json`), JSON.stringify({ taken_at, machine, order_lines: scales, targets: side.targets }, null, 2) + "\n");
  writeFileSync(join(outDir, `${stem}.md`), side.md);
  process.stdout.write("\n" + side.md);
}
