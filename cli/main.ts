/** `tierboard <command>`: the command line. Each command parses its own flags and has --help. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { Progress } from "../lib/progress.ts";
import { formatDuration } from "../lib/format.ts";
import { UserError } from "../lib/errors.ts";

export const DEFAULT_WAREHOUSE = "data/warehouse.duckdb";
export const DEFAULT_SAMPLE = "data/sample";

export class UsageError extends UserError {}

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  help: Record<string, string>;
  run(values: Record<string, any>, positionals: string[]): Promise<number>;
}

const num = (name: string, v: string | undefined, min = 0): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} expects a number >= ${min}, got "${v}"`);
  return n;
};

async function ensureSample(): Promise<void> {
  if (existsSync(DEFAULT_SAMPLE)) return;
  process.stderr.write(`${DEFAULT_SAMPLE} does not exist yet: generating the bundled sample.\n`);
  const { generateSample } = await import("../sample/generate.ts");
  await generateSample({ out: resolve(DEFAULT_SAMPLE), progress: new Progress() });
}

async function runIngest(v: Record<string, any>, positionals: string[] = []) {
  const { ingest } = await import("../loaders/ingest.ts");
  let sources: string[] = [...(v.source ?? []), ...positionals];
  if (sources.length === 0) {
    await ensureSample();
    sources = [DEFAULT_SAMPLE];
  }
  return ingest({
    sources,
    mapping: v.mapping,
    warehouse: v.warehouse ?? DEFAULT_WAREHOUSE,
    maxBadShare: num("max-bad-share", v["max-bad-share"]),
    fullRefresh: Boolean(v["full-refresh"]),
  });
}

const WAIT_HELP = "when another command is working on the warehouse, wait for it instead of stopping";

/** Commands that replace the warehouse or the site take turns (see lib/lock.ts). */
async function locked<T>(v: Record<string, any>, command: string, fn: () => Promise<T>): Promise<T> {
  const { withLock } = await import("../lib/lock.ts");
  const { assertReplaceable } = await import("../lib/staging.ts");
  // The lock sits beside the warehouse: a path that cannot hold one is reported before it is taken.
  assertReplaceable(resolve(v.warehouse ?? DEFAULT_WAREHOUSE), "warehouse");
  return withLock(resolve(v.warehouse ?? DEFAULT_WAREHOUSE), command, fn, {
    wait: Boolean(v.wait),
    onWait: (m) => process.stderr.write(`${m}\n`),
  });
}

const INGEST_OPTIONS = {
  source: { type: "string", multiple: true },
  mapping: { type: "string" },
  warehouse: { type: "string" },
  "max-bad-share": { type: "string" },
  "full-refresh": { type: "boolean" },
  wait: { type: "boolean" },
} as const;

const INGEST_HELP = {
  source: `export folder or file; repeat for several (default: the bundled sample in ${DEFAULT_SAMPLE}, generated on first use)`,
  mapping: "YAML mapping file: column aliases, value maps, date formats, per-file rules (default: built-in presets)",
  warehouse: `DuckDB file to replace (default ${DEFAULT_WAREHOUSE})`,
  "max-bad-share": "fail, keeping the previous warehouse, when more than this share of a file's rows is bad (default 0.05)",
  "full-refresh": "read every export again into a new warehouse and rebuild every model (by default files loaded before are not read again)",
  wait: WAIT_HELP,
};

const MODEL_OPTIONS = { select: { type: "string", short: "s" }, vars: { type: "string" }, warehouse: { type: "string" }, wait: { type: "boolean" } } as const;
const FULL_REFRESH_HELP = "rebuild every model in full, as dbt run --full-refresh (by default a model whose SQL and inputs are unchanged is kept, and incremental models only add new rows)";
const MODEL_HELP = {
  vars: "YAML mapping of vars overriding dbt_project.yml, e.g. '{abc_a_cut: 0.7}'",
  warehouse: `DuckDB file (default ${DEFAULT_WAREHOUSE})`,
  wait: WAIT_HELP,
};

const commands: Record<string, Command> = {
  sample: {
    summary: "write a realistic, reproducible set of CRM/ERP exports",
    usage: "tierboard sample [--out DIR] [--customers N] [--order-lines N] [--years Y] [--seed S] [--end YYYY-MM-DD]",
    options: {
      out: { type: "string" },
      customers: { type: "string" },
      "order-lines": { type: "string" },
      years: { type: "string" },
      seed: { type: "string" },
      end: { type: "string" },
    },
    help: {
      out: `folder to write into (default ${DEFAULT_SAMPLE})`,
      customers: "number of customers, mature and potential (default 3000, or order lines / 33 when larger)",
      "order-lines": "number of order lines (default 100000; 10000000 for benchmarks)",
      years: "years of history before the end year (default 3: three full years and the partial end year)",
      seed: "random seed; the same arguments give byte-identical files (default 42)",
      end: "last date of the data (default 2026-10-31)",
    },
    async run(v) {
      const { generateSample } = await import("../sample/generate.ts");
      const orderLines = num("order-lines", v["order-lines"], 10);
      const t0 = performance.now();
      const out = resolve(v.out ?? DEFAULT_SAMPLE);
      const files = await generateSample({
        out,
        orderLines,
        customers: num("customers", v.customers, 10),
        years: num("years", v.years, 1),
        seed: num("seed", v.seed),
        end: v.end,
        progress: new Progress(),
      });
      process.stderr.write(`Wrote ${files.length} files to ${out} in ${formatDuration(performance.now() - t0)}\n`);
      return 0;
    },
  },
  ingest: {
    summary: "read exports into the warehouse, quarantining bad rows",
    usage: "tierboard ingest [--source DIR|FILE ...] [--mapping FILE] [--warehouse FILE] [--max-bad-share X] [--full-refresh] [--wait]",
    options: INGEST_OPTIONS,
    help: INGEST_HELP,
    async run(v, positionals) {
      const t0 = performance.now();
      await locked(v, "ingest", () => runIngest(v, positionals));
      process.stderr.write(`Ingest finished in ${formatDuration(performance.now() - t0)}\n`);
      return 0;
    },
  },
  run: {
    summary: "run the SQL models in models/ on the warehouse (atomically)",
    usage: "tierboard run [--select SEL] [--vars YAML] [--warehouse FILE] [--full-refresh] [--wait]",
    options: { ...MODEL_OPTIONS, "full-refresh": { type: "boolean" } },
    help: { select: "models to run: name, name+ (and downstream), +name (and upstream), path:models/marts; several separated by spaces", ...MODEL_HELP, "full-refresh": FULL_REFRESH_HELP },
    async run(v) {
      const { runCommand } = await import("./models.ts");
      return locked(v, "run", () => runCommand({ warehouse: v.warehouse ?? DEFAULT_WAREHOUSE, select: v.select, vars: v.vars, models: true, tests: false, fullRefresh: Boolean(v["full-refresh"]) }));
    },
  },
  test: {
    summary: "run the data tests from the models' YAML and tests/ on the warehouse",
    usage: "tierboard test [--select SEL] [--warehouse FILE] [--wait]",
    options: MODEL_OPTIONS,
    help: { select: "test these models only (same syntax as run)", ...MODEL_HELP },
    async run(v) {
      const { runCommand } = await import("./models.ts");
      return locked(v, "test", () => runCommand({ warehouse: v.warehouse ?? DEFAULT_WAREHOUSE, select: v.select, vars: v.vars, models: false, tests: true }));
    },
  },
  export: {
    summary: "write a model's rows as CSV, JSON, Parquet or XLSX",
    usage: "tierboard export MODEL [--format csv|json|parquet|xlsx] [--out FILE] [--where SQL] [--warehouse FILE]",
    options: { format: { type: "string" }, out: { type: "string" }, where: { type: "string" }, warehouse: { type: "string" } },
    help: {
      format: "csv (default; UTF-8 with BOM in files), json, parquet or xlsx (parquet and xlsx need --out)",
      out: "file to write (default: stdout); the format follows its extension when --format is not given",
      where: "a SQL condition to filter rows, e.g. \"period = 'T12M'\"",
      warehouse: `DuckDB file (default ${DEFAULT_WAREHOUSE})`,
    },
    async run(v, positionals) {
      const model = positionals[0];
      if (!model || positionals.length > 1) throw new UsageError("export takes one model name, e.g. tierboard export customer_grades");
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(model)) throw new UsageError(`"${model}" is not a model name`);
      const { exportQuery } = await import("./models.ts");
      const sql = `select * from "main"."${model}"${v.where ? ` where ${v.where}` : ""}`;
      return exportQuery({ warehouse: v.warehouse ?? DEFAULT_WAREHOUSE, sql, format: v.format, out: v.out });
    },
  },
  query: {
    summary: "run one SQL query on the warehouse (read-only) and print or write the rows",
    usage: 'tierboard query "SQL" [--format csv|json|parquet|xlsx] [--out FILE] [--warehouse FILE]',
    options: { format: { type: "string" }, out: { type: "string" }, warehouse: { type: "string" } },
    help: {
      format: "csv (default), json, parquet or xlsx (parquet and xlsx need --out)",
      out: "file to write (default: stdout)",
      warehouse: `DuckDB file (default ${DEFAULT_WAREHOUSE}), opened read-only`,
    },
    async run(v, positionals) {
      if (positionals.length !== 1) throw new UsageError('query takes one SQL string in quotes, e.g. tierboard query "select * from pareto limit 5"');
      const { exportQuery } = await import("./models.ts");
      return exportQuery({ warehouse: v.warehouse ?? DEFAULT_WAREHOUSE, sql: positionals[0]!, format: v.format, out: v.out });
    },
  },
  build: {
    summary: "ingest the exports, run the models and tests, and build the static site into dist/",
    usage: "tierboard build [--source DIR|FILE ...] [--mapping FILE] [--vars YAML] [--warehouse FILE] [--out DIR] [--skip-ingest] [--full-refresh] [--audience NAME] [--locale en|zh-CN] [--wait]",
    options: { ...INGEST_OPTIONS, vars: { type: "string" }, out: { type: "string" }, "skip-ingest": { type: "boolean" }, "site-only": { type: "boolean" }, audience: { type: "string" }, locale: { type: "string" } },
    help: {
      ...INGEST_HELP,
      vars: "YAML mapping of vars for the models, e.g. '{abc_a_cut: 0.7}'",
      out: "site folder to replace (default dist)",
      "skip-ingest": "keep the warehouse's raw tables as they are; only run models, tests and the site",
      "site-only": "build the site from the warehouse as it is (no ingest, models or tests)",
      locale: "language of the site and its exports: en or zh-CN (default: locale in tierboard.yml)",
      audience: "build a separate site (dist-NAME) holding only this audience's rows, as defined in tierboard.yml, from the warehouse's last ingest",
    },
    async run(v, positionals) {
      return locked(v, "build", () => build(v, positionals));
    },
  },
  report: {
    summary: "print the monthly executive report of the built site to PDF (A4, headless chromium)",
    usage: "tierboard report --pdf FILE [--month YYYY-MM] [--site DIR]",
    options: { pdf: { type: "string" }, month: { type: "string" }, site: { type: "string" } },
    help: {
      pdf: "PDF file to write",
      month: "the month to report (default: the last complete month in the data)",
      site: "built site to print from (default dist)",
    },
    async run(v) {
      if (!v.pdf) throw new UsageError("report needs --pdf FILE, e.g. tierboard report --pdf report.pdf");
      const { printReport } = await import("./report.ts");
      await printReport({ pdf: v.pdf, month: v.month, site: v.site });
      process.stderr.write(`Report written to ${resolve(v.pdf)}\n`);
      return 0;
    },
  },
  dev: {
    summary: "serve the site with live reload; pages reload their data when the warehouse changes (builds it first when there is none)",
    usage: "tierboard dev [--warehouse FILE] [--port N]",
    options: { warehouse: { type: "string" }, port: { type: "string" } },
    help: { warehouse: `DuckDB file to read (default ${DEFAULT_WAREHOUSE})`, port: "port to serve on (default 3000, or the next free one)" },
    async run(v) {
      const warehouse = v.warehouse ?? DEFAULT_WAREHOUSE;
      const port = num("port", v.port, 1);
      if (!existsSync(warehouse)) {
        await locked({ warehouse }, "ingest", () => runIngest({ warehouse }));
        const { runCommand } = await import("./models.ts");
        const code = await locked({ warehouse }, "run", () => runCommand({ warehouse, tests: true, models: true }));
        if (code !== 0) return code;
      }
      const { previewSite } = await import("./site.ts");
      return previewSite({ warehouse, port });
    },
  },
};


async function build(v: Record<string, any>, positionals: string[]): Promise<number> {
  const t0 = performance.now();
  const { buildAll, buildAudience, buildSite } = await import("./site.ts");
  const locale = v.locale;
  if (locale !== undefined && locale !== "en" && locale !== "zh-CN") throw new UsageError(`--locale expects en or zh-CN, got "${locale}"`);
  if (v.audience) {
    const code = await buildAudience({ name: v.audience, warehouse: v.warehouse ?? DEFAULT_WAREHOUSE, vars: v.vars, out: v.out, locale });
    process.stderr.write(`Build ${code === 0 ? "finished" : "stopped"} in ${formatDuration(performance.now() - t0)}\n`);
    return code;
  }
  if (v["site-only"]) {
    await buildSite({ out: v.out, warehouse: v.warehouse ?? DEFAULT_WAREHOUSE, locale, fullRefresh: Boolean(v["full-refresh"]) });
    process.stderr.write(`Build finished in ${formatDuration(performance.now() - t0)}\n`);
    return 0;
  }
  let sources: string[] | undefined = [...(v.source ?? []), ...positionals];
  if (v["skip-ingest"]) sources = undefined;
  else if (sources.length === 0) {
    await ensureSample();
    sources = [DEFAULT_SAMPLE];
  }
  const code = await buildAll({
    warehouse: v.warehouse ?? DEFAULT_WAREHOUSE,
    sources,
    mapping: v.mapping,
    maxBadShare: num("max-bad-share", v["max-bad-share"]),
    vars: v.vars,
    out: v.out,
    locale,
    fullRefresh: Boolean(v["full-refresh"]),
  });
  process.stderr.write(`Build ${code === 0 ? "finished" : "stopped"} in ${formatDuration(performance.now() - t0)}\n`);
  return code;
}

function commandHelp(name: string, c: Command): string {
  const width = Math.max(...Object.keys(c.options).map((k) => k.length)) + 4;
  const lines = Object.entries(c.help).map(([k, h]) => `  --${k.padEnd(width)}${h}`);
  return `${c.summary}\n\nUsage: ${c.usage}\n\nOptions:\n${lines.join("\n")}\n  --${"help".padEnd(width)}show this help\n`;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length)) + 2;
  return (
    "Tierboard: customer grades, Pareto, TopN and period comparisons from CRM/ERP exports.\n\n" +
    "Usage: tierboard <command> [options]\n\nCommands:\n" +
    Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}${c.summary}`).join("\n") +
    "\n\nRun 'tierboard <command> --help' for a command's options.\n"
  );
}


/**
 * A full disk or a folder that cannot be written, wherever it struck (our own files, DuckDB's):
 * one line naming it. Staged writes mean nothing was replaced.
 */
function ioFailure(e: Error & { code?: string; path?: string; dest?: string }): string | undefined {
  const where = e.dest ?? e.path;
  if (e.code === "ENOSPC" || e.code === "EDQUOT" || /No space left on device|disk quota exceeded/i.test(e.message))
    return `the disk is full${where ? ` (writing ${where})` : ""}: free some space and run again; the previous warehouse and site were kept`;
  if (e.code === "EACCES" || e.code === "EPERM" || e.code === "EROFS")
    return `cannot write ${where ?? "a file"}: ${e.code === "EROFS" ? "the file system is read-only" : "permission denied"}; choose a folder you can write to`;
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(mainHelp());
    return name ? 0 : 1;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`tierboard: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  // Ctrl-C or a kill: exit at once; exit handlers release the lock and stop the site build, and
  // what the run staged is cleaned up by the next one. The warehouse and site are never half-written.
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      process.stderr.write(`\ntierboard ${name}: interrupted; the previous warehouse and site are kept.\n`);
      process.exit(130);
    });
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...cmd.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(commandHelp(name, cmd));
      return 0;
    }
    if (name !== "sample") {
      // Through the environment, so the site build's own processes (Framework's data loaders) use them too.
      const { loadConfig } = await import("../lib/config.ts");
      const { warehouse } = loadConfig();
      if (warehouse.memory_limit) process.env.TIERBOARD_MEMORY_LIMIT ||= warehouse.memory_limit.replace(/\s+/g, "");
      if (warehouse.threads) process.env.TIERBOARD_THREADS ||= String(warehouse.threads);
    }
    return await cmd.run(values, positionals);
  } catch (e) {
    const err = e as Error;
    const io = ioFailure(err);
    if (io) {
      process.stderr.write(`tierboard ${name}: ${io}\n`);
      return 1;
    }
    // Known failures (bad input, bad usage) print a message; anything else is a bug and keeps its stack.
    if (err instanceof UserError || (err as any).code?.startsWith?.("ERR_PARSE_ARGS")) {
      process.stderr.write(`tierboard ${name}: ${err.message}\n`);
      if ((err as any).code?.startsWith?.("ERR_PARSE_ARGS")) process.stderr.write(`\n${commandHelp(name, cmd)}`);
      return 1;
    }
    throw err;
  }
}
