/**
 * Reads a dbt project (dbt_project.yml, models, schema YAML, macros, seeds, singular tests) and
 * compiles its models with Jinja: ref(), source(), var(), config(), this, and macros from
 * macro-paths. Only what Tierboard's models use of dbt is supported; the folder stays a valid
 * dbt project so the same models run under dbt on a bigger engine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import nunjucks from "nunjucks";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ident } from "../lib/sql.ts";
import { formatIssues, UserError } from "../lib/errors.ts";

export class ProjectError extends UserError {}

const testSpec = z.union([z.string(), z.record(z.string(), z.any())]);
// The Models page shows description_zh in place of description when the site is in Chinese.
const metaSpec = z.object({ description_zh: z.string().optional() }).catchall(z.any());
const columnSpec = z.object({
  name: z.string(),
  description: z.string().optional(),
  data_type: z.string().optional(),
  tests: z.array(testSpec).optional(),
  data_tests: z.array(testSpec).optional(),
  meta: metaSpec.optional(),
  config: z.object({ meta: metaSpec.optional() }).catchall(z.any()).optional(),
}).passthrough();
const nodeSpec = z.object({
  name: z.string(),
  description: z.string().optional(),
  meta: metaSpec.optional(),
  config: z.object({ meta: metaSpec.optional() }).catchall(z.any()).optional(),
  columns: z.array(columnSpec).optional(),
  tests: z.array(testSpec).optional(),
  data_tests: z.array(testSpec).optional(),
}).passthrough();
const sourceSpec = z.object({
  name: z.string(),
  schema: z.string().optional(),
  description: z.string().optional(),
  tables: z.array(nodeSpec.extend({ identifier: z.string().optional() })),
}).passthrough();
const exposureSpec = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/, "lowercase letters, digits and _"),
  label: z.string().optional(),
  type: z.enum(["dashboard", "notebook", "analysis", "ml", "application"]),
  url: z.string().optional(),
  description: z.string().optional(),
  owner: z.object({ name: z.string().optional(), email: z.string().optional() }).passthrough(),
  depends_on: z.array(z.string()).default([]),
  meta: z.record(z.string(), z.any()).optional(),
}).passthrough();
const schemaFile = z.object({
  version: z.number().optional(),
  exposures: z.array(exposureSpec).optional(),
  models: z.array(nodeSpec).optional(),
  seeds: z.array(nodeSpec).optional(),
  sources: z.array(sourceSpec).optional(),
}).passthrough();
const projectFile = z.object({
  name: z.string(),
  version: z.union([z.string(), z.number()]).optional(),
  profile: z.string().optional(),
  "model-paths": z.array(z.string()).optional(),
  "macro-paths": z.array(z.string()).optional(),
  "test-paths": z.array(z.string()).optional(),
  "seed-paths": z.array(z.string()).optional(),
  vars: z.record(z.string(), z.any()).optional(),
  models: z.record(z.string(), z.any()).optional(),
  seeds: z.record(z.string(), z.any()).optional(),
}).passthrough();

export type Materialization = "table" | "view" | "incremental";

export interface TestDef {
  /** unique id, e.g. not_null_customer_grades_customer_id */
  id: string;
  name: string;
  model: string;
  column?: string;
  args: Record<string, any>;
  severity: "error" | "warn";
  where?: string;
}

export interface ColumnDoc {
  name: string;
  description: string;
  /** The description in Chinese (meta.description_zh), shown when the site is in Chinese. */
  description_zh?: string;
  meta?: Record<string, unknown>;
}

/** A dbt exposure: here, a page of the site and the models it reads (its `meta` says how). */
export interface Exposure {
  name: string;
  label: string;
  type: string;
  url?: string;
  description: string;
  path: string;
  /** model names from depends_on's ref('...') */
  refs: string[];
  meta: Record<string, unknown>;
}

export interface Node {
  kind: "model" | "seed";
  name: string;
  /** path relative to the project root */
  path: string;
  source: string;
  description: string;
  /** The description in Chinese (config.meta.description_zh), shown when the site is in Chinese. */
  description_zh?: string;
  columns: ColumnDoc[];
  materialized: Materialization;
  refs: string[];
  sources: string[];
  vars: string[];
  compiled: string;
  /** compiled line (1-based) -> source line */
  lineMap: number[];
  /**
   * Incremental models (materialized='incremental'): the SQL compiled with is_incremental() true,
   * which selects only what is new since {{ this }} was built, and the key its rows replace.
   */
  incremental?: { compiled: string; lineMap: number[]; uniqueKey: string[] };
  /**
   * config(meta={'row_wise': true}): each of the model's rows is one row of an input, renamed or
   * looked up in another model (a staging view of an export). When its inputs only gained rows,
   * so did it: an incremental model reading it adds rows rather than being rebuilt. Without it,
   * any change to a view or table counts as rewritten rows, which is what an aggregate needs.
   */
  rowWise?: boolean;
}

export interface SingularTest {
  name: string;
  path: string;
  source: string;
  refs: string[];
  compiled: string;
}

export interface Project {
  root: string;
  name: string;
  vars: Record<string, unknown>;
  nodes: Map<string, Node>;
  sources: Map<string, { identifier: string; description: string; columns: ColumnDoc[] }>;
  tests: TestDef[];
  singularTests: SingularTest[];
  exposures: Exposure[];
}

const readYaml = (file: string) => {
  try {
    return parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ProjectError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
};

function walk(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const full = join(dir, f);
      return statSync(full).isDirectory() ? walk(full, ext) : f.endsWith(ext) ? [full] : [];
    });
}

/** Folder-level `+materialized` from dbt_project.yml's models: block; the deepest setting wins. */
function folderMaterialization(config: Record<string, any> | undefined, projectName: string, relPath: string): Materialization | undefined {
  let node = config?.[projectName];
  let found: Materialization | undefined = node?.["+materialized"];
  for (const part of relPath.split("/").slice(1, -1)) {
    node = node?.[part];
    if (!node) break;
    if (node["+materialized"]) found = node["+materialized"];
  }
  return found;
}

/**
 * Marks the end of every template-text line with its source line number, so that errors in
 * compiled SQL point back into the model's own source. Lines inside Jinja tags are left alone.
 */
const MARK = (n: number) => `\u0001${n}\u0002`;
function markLines(source: string): string {
  let out = "";
  let line = 1;
  let i = 0;
  let inTag: string | null = null;
  while (i < source.length) {
    if (!inTag && source[i] === "{" && (source[i + 1] === "{" || source[i + 1] === "%" || source[i + 1] === "#")) {
      inTag = source[i + 1] === "{" ? "}}" : source[i + 1] === "%" ? "%}" : "#}";
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (inTag && source.startsWith(inTag, i)) {
      out += inTag;
      i += 2;
      inTag = null;
      continue;
    }
    if (source[i] === "\n") {
      if (!inTag) out += MARK(line);
      line++;
    }
    out += source[i];
    i++;
  }
  return out + MARK(line);
}

function unmark(rendered: string): { sql: string; lineMap: number[] } {
  const lines = rendered.split("\n");
  const lineMap: number[] = [0];
  let pending: number | undefined;
  const clean: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const marks = [...lines[i]!.matchAll(/\u0001(\d+)\u0002/g)];
    if (marks.length) pending = Number(marks[0]![1]);
    clean[i] = lines[i]!.replace(/\u0001\d+\u0002/g, "");
    lineMap[i + 1] = pending ?? 1;
  }
  return { sql: clean.join("\n"), lineMap };
}

type Documented = { description?: string; meta?: z.infer<typeof metaSpec>; config?: { meta?: z.infer<typeof metaSpec> } };
/** A description and its Chinese (dbt 1.10 puts meta under config; both places are read). */
function described(d: Documented | undefined): { description: string; description_zh?: string } {
  const zh = d?.config?.meta?.description_zh ?? d?.meta?.description_zh;
  return { description: d?.description ?? "", ...(zh ? { description_zh: zh } : {}) };
}
const columnDocs = (columns: z.infer<typeof columnSpec>[] = []): ColumnDoc[] =>
  columns.map((c) => ({ name: c.name, ...described(c), ...(c.meta ? { meta: c.meta } : {}) }));

export function loadProject(root: string, cliVars: Record<string, unknown> = {}): Project {
  const projectYml = join(root, "dbt_project.yml");
  if (!existsSync(projectYml)) throw new ProjectError(`no dbt_project.yml in ${root}`);
  const parsedProject = projectFile.safeParse(readYaml(projectYml));
  if (!parsedProject.success) throw new ProjectError(`${projectYml} is not valid:\n${formatIssues(parsedProject.error.issues)}`);
  const cfg = parsedProject.data;
  const vars = { ...(cfg.vars ?? {}), ...cliVars };
  const modelPaths = cfg["model-paths"] ?? ["models"];
  const macroPaths = cfg["macro-paths"] ?? ["macros"];
  const testPaths = cfg["test-paths"] ?? ["tests"];
  const seedPaths = cfg["seed-paths"] ?? ["seeds"];

  // Schema YAML: docs, tests and sources.
  const docs = new Map<string, z.infer<typeof nodeSpec>>();
  const sources = new Map<string, { identifier: string; description: string; columns: ColumnDoc[] }>();
  const tests: TestDef[] = [];
  const exposures: Exposure[] = [];
  for (const file of modelPaths.concat(seedPaths).flatMap((p) => [...walk(join(root, p), ".yml"), ...walk(join(root, p), ".yaml")])) {
    const parsed = schemaFile.safeParse(readYaml(file) ?? {});
    if (!parsed.success) throw new ProjectError(`${relative(root, file)} is not valid:\n${formatIssues(parsed.error.issues)}`);
    for (const m of [...(parsed.data.models ?? []), ...(parsed.data.seeds ?? [])]) {
      if (docs.has(m.name)) throw new ProjectError(`${relative(root, file)}: ${m.name} is documented twice`);
      docs.set(m.name, m);
    }
    for (const e of parsed.data.exposures ?? []) {
      const refs = e.depends_on.map((d) => {
        const m = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(d);
        if (!m) throw new ProjectError(`${relative(root, file)}: exposure ${e.name}: depends_on '${d}' is not ref('model')`);
        return m[1]!;
      });
      if (exposures.some((x) => x.name === e.name)) throw new ProjectError(`${relative(root, file)}: exposure ${e.name} is declared twice`);
      exposures.push({ name: e.name, label: e.label ?? e.name, type: e.type, url: e.url, description: e.description ?? "", path: relative(root, file), refs, meta: e.meta ?? {} });
    }
    for (const s of parsed.data.sources ?? [])
      for (const t of s.tables)
        sources.set(`${s.name}.${t.name}`, {
          identifier: t.identifier ?? t.name,
          description: t.description ?? "",
          columns: (t.columns ?? []).map((c) => ({ name: c.name, description: c.description ?? "" })),
        });
  }

  // Macros from macro-paths become globals, as in dbt.
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, trimBlocks: false });
  // Macros may read vars too, as in dbt.
  env.addGlobal("var", (k: string, d?: unknown) => {
    if (k in vars) return vars[k];
    if (d === undefined) throw new ProjectError(`a macro uses var('${k}'), which is not set in dbt_project.yml or --vars, and has no default`);
    return d;
  });
  for (const file of macroPaths.flatMap((p) => walk(join(root, p), ".sql"))) {
    let exported: Record<string, unknown> = {};
    try {
      (nunjucks.compile(readFileSync(file, "utf8"), env) as any).getExported({}, (err: Error | null, exp: Record<string, unknown>) => {
        if (err) throw err;
        exported = exp;
      });
    } catch (e) {
      throw new ProjectError(`${relative(root, file)}: ${(e as Error).message}`);
    }
    for (const [k, v] of Object.entries(exported)) env.addGlobal(k, v);
  }

  const nodes = new Map<string, Node>();
  const add = (node: Node) => {
    const prev = nodes.get(node.name);
    if (prev) throw new ProjectError(`two models are named ${node.name}: ${prev.path} and ${node.path}`);
    nodes.set(node.name, node);
  };
  for (const file of seedPaths.flatMap((p) => walk(join(root, p), ".csv"))) {
    const name = basename(file, ".csv");
    const doc = docs.get(name);
    add({
      kind: "seed", name, path: relative(root, file), source: readFileSync(file, "utf8"),
      ...described(doc), columns: columnDocs(doc?.columns),
      materialized: "table", refs: [], sources: [], vars: [], compiled: "", lineMap: [],
    });
  }

  const render = (path: string, source: string, incremental = false) => {
    const refs: string[] = [];
    const srcs: string[] = [];
    const usedVars: string[] = [];
    let materialized: Materialization | undefined;
    let uniqueKey: string[] = [];
    let rowWise: boolean | undefined;
    // Nunjucks wraps errors thrown from our functions; keep ours to rethrow as they are.
    let ours: ProjectError | undefined;
    const fail = (message: string): never => {
      ours = new ProjectError(message);
      throw ours;
    };
    const name = basename(path, ".sql");
    const ctx = {
      ref: (a: string, b?: string) => {
        const m = b ?? a;
        refs.push(m);
        return `"main".${ident(m)}`;
      },
      source: (s: string, t: string) => {
        const src = sources.get(`${s}.${t}`);
        if (!src) fail(`${path}: source('${s}', '${t}') is not declared in any sources: block`);
        srcs.push(`${s}.${t}`);
        return `"main".${ident(src!.identifier)}`;
      },
      var: (k: string, d?: unknown) => {
        usedVars.push(k);
        if (k in vars) return vars[k];
        if (d === undefined) fail(`${path}: var('${k}') is not set in dbt_project.yml or --vars, and has no default`);
        return d;
      },
      config: (c: { materialized?: string; unique_key?: string | string[]; meta?: Record<string, unknown> }) => {
        if (c?.materialized) {
          if (c.materialized !== "table" && c.materialized !== "view" && c.materialized !== "incremental")
            fail(`${path}: materialized='${c.materialized}' is not supported; use 'table', 'view' or 'incremental'`);
          materialized = c.materialized as Materialization;
        }
        if (c?.unique_key !== undefined) uniqueKey = Array.isArray(c.unique_key) ? c.unique_key.map(String) : String(c.unique_key).split(",").map((k) => k.trim());
        const declared = c?.meta?.row_wise;
        if (declared !== undefined) {
          if (typeof declared === "boolean") rowWise = declared;
          else fail(`${path}: config meta row_wise is true or false, not ${JSON.stringify(declared)}`);
        }
        return "";
      },
      is_incremental: () => incremental,
      this: `"main"."${name}"`,
      target: { name: "dev", type: "duckdb", schema: "main" },
      __kwargs: true,
    };
    let rendered: string;
    try {
      rendered = env.renderString(markLines(source), ctx);
    } catch (e) {
      if (ours) throw ours;
      if (e instanceof ProjectError) throw e;
      const msg = (e as Error).message.replace(/\u0001\d+\u0002/g, "");
      const line = /\[Line (\d+)/.exec(msg)?.[1];
      throw new ProjectError(`${path}${line ? `:${line}` : ""}: Jinja error: ${msg.split("\n").filter((l) => !/^\s*\(unknown path\)/.test(l)).join(" ").trim()}`);
    }
    const { sql, lineMap } = unmark(rendered);
    return { sql, lineMap, refs: [...new Set(refs)], sources: [...new Set(srcs)], vars: [...new Set(usedVars)], materialized, uniqueKey, rowWise };
  };

  for (const file of modelPaths.flatMap((p) => walk(join(root, p), ".sql"))) {
    const path = relative(root, file);
    const source = readFileSync(file, "utf8");
    const r = render(path, source);
    const doc = docs.get(basename(file, ".sql"));
    const materialized: Materialization = r.materialized ?? doc?.config?.materialized ?? folderMaterialization(cfg.models, cfg.name, path) ?? "view";
    let incremental: Node["incremental"];
    if (materialized === "incremental") {
      // The same model as dbt compiles it on a later run: is_incremental() true, {{ this }} the table built before.
      const inc = render(path, source, true);
      incremental = { compiled: inc.sql, lineMap: inc.lineMap, uniqueKey: r.uniqueKey };
    }
    add({
      kind: "model", name: basename(file, ".sql"), path, source,
      ...described(doc),
      columns: columnDocs(doc?.columns),
      materialized,
      refs: r.refs, sources: r.sources, vars: r.vars, compiled: r.sql, lineMap: r.lineMap,
      ...(incremental ? { incremental } : {}),
      ...(r.rowWise ? { rowWise: true } : {}),
    });
  }
  for (const e of exposures)
    for (const r of e.refs) if (!nodes.has(r)) throw new ProjectError(`${e.path}: exposure ${e.name} depends on ref('${r}'), which names no model`);
  for (const [name] of docs) if (!nodes.has(name)) throw new ProjectError(`a schema file documents ${name}, but there is no model or seed of that name`);

  // Generic tests from the schema YAML.
  for (const [model, doc] of docs) {
    const add = (spec: z.infer<typeof testSpec>, column?: string) => {
      const t = testDef(model, spec, column);
      // As in dbt, test arguments may use Jinja (e.g. "rank <= {{ var('topn_limit') }}").
      for (const [k, v] of Object.entries(t.args))
        if (typeof v === "string" && v.includes("{{")) t.args[k] = env.renderString(v, {});
      tests.push(t);
    };
    for (const t of [...(doc.data_tests ?? []), ...(doc.tests ?? [])]) add(t);
    for (const c of doc.columns ?? []) for (const t of [...(c.data_tests ?? []), ...(c.tests ?? [])]) add(t, c.name);
  }
  const seen = new Map<string, number>();
  for (const t of tests) {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    if (n > 1) t.id = `${t.id}_${n}`;
  }

  const singularTests = testPaths.flatMap((p) => walk(join(root, p), ".sql")).map((file) => {
    const path = relative(root, file);
    const r = render(path, readFileSync(file, "utf8"));
    for (const ref of r.refs) if (!nodes.has(ref)) throw new ProjectError(`${path}: ref('${ref}') names no model`);
    return { name: basename(file, ".sql"), path, source: readFileSync(file, "utf8"), refs: r.refs, compiled: r.sql };
  });

  return { root, name: cfg.name, vars, nodes, sources, tests, singularTests, exposures };
}

function testDef(model: string, spec: z.infer<typeof testSpec>, column?: string): TestDef {
  const [name, raw] = typeof spec === "string" ? [spec, {}] : Object.entries(spec)[0]!;
  const args: Record<string, any> = { ...(raw ?? {}), ...(raw?.arguments ?? {}) };
  delete args.arguments;
  const config = { ...(args.config ?? {}) };
  delete args.config;
  const short = name.replace(/^dbt_utils\./, "");
  return {
    id: [short, model, column].filter(Boolean).join("_"),
    name,
    model,
    column,
    args,
    severity: config.severity === "warn" ? "warn" : "error",
    where: config.where,
  };
}
