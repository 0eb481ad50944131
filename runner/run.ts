/**
 * Runs models and data tests against a DuckDB connection. Models run in dependency order; a
 * failed model's downstream models are skipped and listed; SQL errors point at the model's own
 * source line. Callers make the run atomic by running on a staged copy (see lib/staging.ts).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, hasTable, one } from "../lib/duckdb.ts";
import { ident, lit } from "../lib/sql.ts";
import { select, topoOrder } from "./graph.ts";
import { ProjectError, type Node, type Project, type TestDef } from "./project.ts";

export interface ModelResult {
  name: string;
  path: string;
  /** unchanged: its SQL and everything it reads are as when it was last built, so it was kept */
  status: "success" | "error" | "skipped" | "unchanged";
  /** how a built model was written: in full, or only its new rows (incremental models) */
  mode?: "full" | "incremental";
  rows: number | null;
  ms: number;
  error?: string;
  /** The run only added rows (an incremental model, or a row-wise one whose inputs only gained
   * rows): those of loads after `after` are all it added or replaced; every other row is as when
   * the model's fingerprint was `previous`. Its row-wise tests then need only check the new rows. */
  grown?: Grown;
}

export interface Grown {
  after: number;
  previous: string;
}

export interface TestResult {
  id: string;
  /** of the SQL that ran and the state of each model it read: a later run tells an edited test, or one whose models were built since, by it */
  sqlHash?: string;
  model: string;
  column: string | null;
  name: string;
  status: "pass" | "fail" | "warn" | "error";
  failures: number;
  ms: number;
  message?: string;
  /** checked on the rows the run added only: the others passed it before and are as they were */
  newRowsOnly?: boolean;
}

const rel = (name: string) => `"main".${ident(name)}`;
const col = ident;

/** Maps DuckDB's "LINE n:" in the wrapped statement back to the model's source line. */
export function locateError(node: Node, message: string, wrapperLines: number): string {
  const first = message.split("\n\n")[0]!.trim();
  const hint = /Candidate bindings:[^\n]*/.exec(message)?.[0];
  const m = /LINE (\d+):/.exec(message);
  let where = node.path;
  if (m) {
    const compiledLine = Number(m[1]) - wrapperLines;
    const sourceLine = node.lineMap[compiledLine];
    if (sourceLine) where += `:${sourceLine}`;
  }
  return `${where}: ${first}${hint ? `\n  ${hint}` : ""}`;
}

export function writeCompiled(project: Project, targetDir: string) {
  for (const node of project.nodes.values()) {
    if (node.kind !== "model") continue;
    const out = join(targetDir, "compiled", project.name, node.path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, node.compiled);
  }
  for (const t of project.singularTests) {
    const out = join(targetDir, "compiled", project.name, t.path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, t.compiled);
  }
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(
    join(targetDir, "manifest.json"),
    JSON.stringify(
      {
        project: project.name,
        vars: project.vars,
        nodes: [...project.nodes.values()].map(({ lineMap: _, ...n }) => n),
        sources: Object.fromEntries(project.sources),
        tests: project.tests,
        singular_tests: project.singularTests,
        exposures: project.exposures,
      },
      null,
      1,
    ),
  );
}

export interface RunOptions {
  select?: string;
  targetDir?: string;
  /** build every chosen model in full, as `dbt run --full-refresh` */
  fullRefresh?: boolean;
  onResult?: (r: ModelResult, index: number, total: number) => void;
}

const sha = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);

/**
 * What a model was built from, so a later run can tell what changed (docs/incremental.md).
 * `fingerprint` changes when the model's SQL or anything it reads changed in any way: the model
 * is then built again, else kept. `rewrite` changes only when something it reads changed other
 * than by added rows (or its SQL changed): an incremental model then is rebuilt in full, else it
 * only adds what is new. For a source the ingest keeps both (ingest_table_state: the last load
 * that added rows, the last that changed or removed any).
 */
interface State {
  fingerprint: string;
  rewrite: string;
}

async function sourceStates(conn: DuckDBConnection): Promise<Map<string, State>> {
  const out = new Map<string, State>();
  if (!(await hasTable(conn, "ingest_table_state"))) return out;
  for (const r of await all<{ table_name: string; load_id: number; rewrite_id: number; ingest_id: string }>(conn, "select * from ingest_table_state"))
    out.set(r.table_name, { fingerprint: `${r.ingest_id}:${r.load_id}`, rewrite: `${r.ingest_id}:${r.rewrite_id}` });
  return out;
}

/**
 * Made only by a run that builds a model: one that builds none writes nothing, and can run
 * read-only. `loaded_through`: the last load among the rows of a row-wise model with a `_load_id`
 * column, so that the next run can tell its new rows (an incremental model's table tells them itself).
 */
const STATE_TABLE = [
  `create table if not exists tierboard_model_state (model varchar primary key, fingerprint varchar, rewrite varchar, finished_at timestamp)`,
  `alter table tierboard_model_state add column if not exists loaded_through bigint`,
];

type StoredState = State & { exists: boolean; loaded_through: number | null };

async function storedStates(conn: DuckDBConnection): Promise<Map<string, StoredState>> {
  if (!(await hasTable(conn, "tierboard_model_state"))) return new Map();
  // A warehouse from before loaded_through (read-only, it cannot be added) has it null.
  const rows = await all<StoredState & { model: string }>(conn, `
    select s.*, t.table_name is not null as exists
    from tierboard_model_state s left join information_schema.tables t on t.table_schema = 'main' and t.table_name = s.model`);
  return new Map(rows.map((r) => [r.model, { ...r, loaded_through: r.loaded_through ?? null }]));
}

const hasLoadId = async (conn: DuckDBConnection, name: string) =>
  (await all(conn, `select 1 from information_schema.columns where table_schema = 'main' and table_name = ${lit(name)} and column_name = '_load_id'`)).length > 0;

/** The chosen models in build order, what each would be built from now, and what each was built from last. */
async function planModels(conn: DuckDBConnection, project: Project, opts: { select?: string }) {
  const chosen = select(project, opts.select);
  const todo = topoOrder(project).filter((n) => chosen.has(n));
  const sources = await sourceStates(conn);
  const stored = await storedStates(conn);
  // A source the ingest did not describe (a warehouse from before it kept state) counts as changed.
  const unknown = `unknown:${Date.now()}`;
  const states = new Map<string, State>();
  const stateOf = (name: string): State => {
    const known = states.get(name);
    if (known) return known;
    const node = project.nodes.get(name)!;
    let state: State;
    if (node.kind === "seed") {
      const f = sha("seed", readFileSync(join(project.root, node.path), "utf8"));
      state = { fingerprint: f, rewrite: f };
    } else {
      const inputs = [
        ...node.refs.map((r) => ({ name: r, ...stateOf(r) })),
        ...node.sources.map((s) => ({ name: s, ...(sources.get(project.sources.get(s)!.identifier) ?? { fingerprint: unknown, rewrite: unknown }) })),
      ].sort((a, b) => a.name.localeCompare(b.name));
      const own = [node.materialized, node.compiled, node.incremental?.compiled ?? "", (node.incremental?.uniqueKey ?? []).join(",")].join("\u0001");
      const fingerprint = sha(own, ...inputs.map((i) => `${i.name}=${i.fingerprint}`));
      // An incremental model takes added rows without a rebuild, and a row-wise model only adds rows
      // when its inputs do: both pass on how their inputs changed. For any other, every change is a rewrite.
      const passesOn = node.materialized === "incremental" || node.rowWise;
      state = { fingerprint, rewrite: passesOn ? sha(own, ...inputs.map((i) => `${i.name}=${i.rewrite}`)) : fingerprint };
    }
    states.set(name, state);
    return state;
  };
  // Kept: built before, from the same SQL and inputs.
  const isKept = (name: string, fullRefresh?: boolean) => {
    const before = stored.get(name);
    return !fullRefresh && Boolean(before?.exists) && before!.fingerprint === stateOf(name).fingerprint;
  };
  return { todo, stateOf, stored, isKept };
}

/** The chosen models a run would build (all of them with fullRefresh): none when every one is as at its last build. Reads only. */
export async function modelsToBuild(conn: DuckDBConnection, project: Project, opts: { select?: string; fullRefresh?: boolean } = {}): Promise<string[]> {
  const { todo, isKept } = await planModels(conn, project, opts);
  return todo.filter((name) => !isKept(name, opts.fullRefresh));
}

export async function runModels(conn: DuckDBConnection, project: Project, opts: RunOptions = {}): Promise<ModelResult[]> {
  if (opts.targetDir) writeCompiled(project, opts.targetDir);
  const { todo, stateOf, stored, isKept } = await planModels(conn, project, opts);
  const results: ModelResult[] = [];
  const failed = new Map<string, string>();
  if (todo.some((name) => !isKept(name, opts.fullRefresh))) for (const sql of STATE_TABLE) await conn.run(sql);
  // Each relation's kind, read once: a look in the catalog costs 3 ms, a model apiece.
  const relations = new Map((await all<{ name: string; type: string }>(conn,
    "select table_name as name, table_type as type from information_schema.tables where table_schema = 'main'")).map((r) => [r.name, r.type]));
  for (const [i, name] of todo.entries()) {
    const node = project.nodes.get(name)!;
    const t0 = performance.now();
    const blocker = node.refs.find((r) => failed.has(r));
    const state = stateOf(name);
    const before = stored.get(name);
    let result: ModelResult;
    if (blocker) {
      failed.set(name, failed.get(blocker)!);
      result = { name, path: node.path, status: "skipped", rows: null, ms: 0, error: `skipped: upstream ${failed.get(blocker)} failed` };
    } else if (isKept(name, opts.fullRefresh)) {
      result = { name, path: node.path, status: "unchanged", rows: null, ms: performance.now() - t0 };
    } else {
      try {
        let rows: number | null = null;
        let mode: ModelResult["mode"] = "full";
        let grown: Grown | undefined;
        // Built before from the same SQL, its inputs having only gained rows since: it can take the new rows alone.
        const extendsLast = !opts.fullRefresh && before?.exists === true && before.rewrite === state.rewrite;
        // Written as new: the state is saved again only when this build succeeds.
        await conn.run(`delete from tierboard_model_state where model = ${lit(name)}`);
        if (node.kind === "seed") {
          await conn.run(`create or replace table ${rel(name)} as select * from read_csv(${lit(join(project.root, node.path))}, header = true, auto_detect = true)`);
          rows = (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${rel(name)}`)).n;
        } else if (node.incremental && extendsLast) {
          mode = "incremental";
          const added = await runIncremental(conn, node);
          rows = added.rows;
          if (added.after !== null && before.fingerprint) grown = { after: added.after, previous: before.fingerprint };
        } else {
          const kind = node.materialized === "view" ? "view" : "table";
          // A view cannot replace a table of the same name and vice versa: drop the other kind first.
          const other = relations.get(name);
          if (other && (other === "VIEW") !== (kind === "view")) await conn.run(`drop ${other === "VIEW" ? "view" : "table"} if exists ${rel(name)} cascade`);
          try {
            await conn.run(`create or replace ${kind} ${rel(name)} as (\n${node.compiled}\n)`);
          } catch (e) {
            throw new ProjectError(locateError(node, (e as Error).message, 1));
          }
          relations.set(name, kind === "view" ? "VIEW" : "BASE TABLE");
          if (kind === "table") rows = (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${rel(name)}`)).n;
        }
        // An incremental model's last load is read from its table when it next adds rows; a row-wise one's is kept.
        const loadedThrough = node.rowWise && (await hasLoadId(conn, name)) ? (await one<{ m: number | null }>(conn, `select max(_load_id)::bigint as m from ${rel(name)}`)).m : null;
        // A row-wise model made again from the same SQL, its inputs having only gained rows, holds its earlier rows as they were and those of the new loads.
        if (mode === "full" && loadedThrough !== null && extendsLast && before.loaded_through !== null)
          grown = { after: before.loaded_through, previous: before.fingerprint };
        await conn.run(`insert or replace into tierboard_model_state (model, fingerprint, rewrite, finished_at, loaded_through)
          values (${lit(name)}, ${lit(state.fingerprint)}, ${lit(state.rewrite)}, current_timestamp, ${loadedThrough ?? "null"})`);
        result = { name, path: node.path, status: "success", mode, rows, ms: performance.now() - t0, ...(grown ? { grown } : {}) };
      } catch (e) {
        failed.set(name, name);
        let error = (e as Error).message;
        if (/Out of Memory Error/i.test(error))
          error += `\nDuckDB's memory limit is ${(await one<{ m: string }>(conn, "select current_setting('memory_limit') as m")).m}: raise warehouse.memory_limit in tierboard.yml (or TIERBOARD_MEMORY_LIMIT) and run again.`;
        result = { name, path: node.path, status: "error", rows: null, ms: performance.now() - t0, error };
      }
    }
    results.push(result);
    opts.onResult?.(result, i, todo.length);
  }
  const ran = results.filter((r) => r.status !== "unchanged");
  if (ran.length) await recordRunResults(conn, ran);
  return results;
}

/**
 * dbt's delete+insert: the rows the incremental SQL selects replace those of {{ this }} with the
 * same unique key (all of them are added when the model has none). They are inserted straight
 * into {{ this }}, then the earlier rows of their keys deleted, in one transaction: the SQL reads
 * {{ this }} as it was before the insert (DuckDB reads a table as at the start of the statement),
 * and a row added comes after every earlier row (a greater rowid). dbt's temporary table of the
 * new rows, copied into {{ this }} after, wrote them twice: at 10M lines the month's
 * int_customer_recent_orders (26,286 customers' lists) took 7.6-9.0 s this way against 9.2-12.9 s (five runs each).
 */
async function runIncremental(conn: DuckDBConnection, node: Node): Promise<{ rows: number; after: number | null }> {
  const inc = node.incremental!;
  const table = rel(node.name);
  const loads = await hasLoadId(conn, node.name);
  const { last, loaded } = await one<{ last: number; loaded: number | null }>(conn,
    `select coalesce(max(rowid), -1)::bigint as last, ${loads ? "max(_load_id)::bigint" : "null"} as loaded from ${table}`);
  let after: number | null = null;
  await conn.run("begin transaction");
  try {
    try {
      await conn.run(`insert into ${table} by name (\n${inc.compiled}\n)`);
    } catch (e) {
      throw new ProjectError(locateError({ ...node, lineMap: inc.lineMap }, (e as Error).message, 1));
    }
    // Its tests may check only the rows of loads after the last it held when every row it added is of one
    // (a model may also write again rows of earlier loads, a customer's list of orders: then they check all).
    if (loaded !== null) {
      const older = await one<{ n: number }>(conn, `select count(*)::bigint as n from ${table} where rowid > ${last} and not coalesce(_load_id > ${loaded}, false)`);
      if (older.n === 0) after = loaded;
    }
    if (inc.uniqueKey.length) {
      const keys = inc.uniqueKey.map(ident);
      await conn.run(`delete from ${table} using (select distinct ${keys.join(", ")} from ${table} where rowid > ${last}) as added
        where ${table}.rowid <= ${last} and ${keys.map((k) => `${table}.${k} = added.${k}`).join(" and ")}`);
    }
    await conn.run("commit");
  } catch (e) {
    // What failed is the error to report, not a rollback of a transaction DuckDB already ended.
    await conn.run("rollback").catch(() => undefined);
    throw e;
  }
  return { rows: (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${table}`)).n, after };
}

async function recordRunResults(conn: DuckDBConnection, results: ModelResult[]) {
  await conn.run(`create table if not exists tierboard_run_results (model varchar primary key, path varchar, status varchar,
    row_count bigint, seconds double, error varchar, finished_at timestamp)`);
  // One statement: a statement per result, each committed alone, costs about 2.5 ms apiece.
  await conn.run(`insert or replace into tierboard_run_results values ${results
    .map((r) => `(${lit(r.name)}, ${lit(r.path)}, ${lit(r.status)}, ${r.rows ?? "null"}, ${(r.ms / 1000).toFixed(4)}, ${r.error ? lit(r.error) : "null"}, current_timestamp)`)
    .join(",\n")}`);
}

function parseRelation(spec: string): string {
  const ref = /ref\(\s*['"]([^'"]+)['"]\s*\)/.exec(spec);
  if (ref) return rel(ref[1]!);
  throw new ProjectError(`relationships test: cannot read 'to: ${spec}'; write to: ref('model')`);
}

const sqlValue = (v: unknown) => (typeof v === "number" ? String(v) : lit(String(v)));

/**
 * SQL returning the rows that fail a generic test. With `newRowsAfter`, only the rows of loads
 * after it are checked (each row-wise test on them; a key's new values against every row), for a
 * model whose other rows passed the test before and are as they were. Every test written here
 * judges each row alone, or a key; one that judged the rows together could not be checked so.
 */
export function testSql(t: TestDef, project: Project, newRowsAfter?: number): string {
  const all = t.where ? `(select * from ${rel(t.model)} where ${t.where})` : rel(t.model);
  const base = newRowsAfter === undefined ? all : `(select * from ${all} where _load_id > ${newRowsAfter})`;
  const c = t.column ? col(t.column) : undefined;
  const need = (what: string) => {
    if (!c) throw new ProjectError(`${t.name} on ${t.model} needs a column`);
    return what;
  };
  switch (t.name) {
    case "unique":
      return need(
        newRowsAfter === undefined
          ? `select ${c} as value, count(*) as n from ${all} where ${c} is not null group by 1 having count(*) > 1`
          : `select ${c} as value, count(*) as n from ${all} where ${c} in (select ${c} from ${base}) group by 1 having count(*) > 1`,
      );
    case "not_null":
      return need(`select * from ${base} where ${c} is null`);
    case "accepted_values": {
      const values = (t.args.values ?? []) as unknown[];
      return need(`select ${c} as value, count(*) as n from ${base} where ${c} is not null and ${c}::varchar not in (${values.map((v) => lit(String(v))).join(", ")}) group by 1`);
    }
    case "relationships": {
      const to = parseRelation(String(t.args.to));
      const field = col(String(t.args.field));
      return need(`select child.${c} as value from ${base} child left join ${to} parent on child.${c} = parent.${field} where child.${c} is not null and parent.${field} is null`);
    }
    case "dbt_utils.expression_is_true":
      return `select * from ${base} where not coalesce((${c ? `${c} ` : ""}${t.args.expression}), false)`;
    case "dbt_utils.unique_combination_of_columns": {
      const names = (t.args.combination_of_columns as string[]).map(col);
      const cols = names.join(", ");
      if (newRowsAfter === undefined) return `select ${cols}, count(*) as n from ${all} group by all having count(*) > 1`;
      // Nulls group together, as in the whole-table test: the new combinations match theirs by "is not distinct from".
      return `select ${names.map((n) => `rows.${n}`).join(", ")}, count(*) as n from ${all} as rows
        semi join (select distinct ${cols} from ${base}) as new_keys on ${names.map((n) => `rows.${n} is not distinct from new_keys.${n}`).join(" and ")}
        group by all having count(*) > 1`;
    }
    case "dbt_utils.accepted_range": {
      const op = t.args.inclusive === false ? ["<=", ">="] : ["<", ">"];
      const conds = [
        t.args.min_value !== undefined ? `${c} ${op[0]} ${sqlValue(t.args.min_value)}` : null,
        t.args.max_value !== undefined ? `${c} ${op[1]} ${sqlValue(t.args.max_value)}` : null,
      ].filter(Boolean);
      return need(`select * from ${base} where ${conds.join(" or ") || "false"}`);
    }
  }
  void project;
  throw new ProjectError(`unknown test ${t.name} on ${t.model}${t.column ? `.${t.column}` : ""}: supported are unique, not_null, accepted_values, relationships, dbt_utils.expression_is_true, dbt_utils.unique_combination_of_columns, dbt_utils.accepted_range`);
}

/** The models a generic test reads: its own, and a relationship's other side. */
const testModels = (t: TestDef) => [t.model, ...(t.name === "relationships" ? [/ref\(\s*['"]([^'"]+)['"]\s*\)/.exec(String(t.args.to))?.[1] ?? ""] : [])];

interface TestOptions {
  select?: string;
  /** only the tests that read one of these models (those a run just built): the others would find what they found before */
  built?: Set<string>;
  /** the models of `built` that the run only added rows to (ModelResult.grown) */
  grown?: Map<string, Grown>;
}

const hashOf = (sql: string) => createHash("sha256").update(sql).digest("hex").slice(0, 16);

/** A test's key: its SQL and the state of every model it reads (a result stands for both). */
const testKey = (sql: string, reads: string[], fingerprint: (model: string) => string | undefined) =>
  hashOf([sql, ...reads.map((m) => `${m}=${fingerprint(m) ?? ""}`)].join("\0"));

/** The tests a run would run, read from the last results without writing: a warehouse can be asked read-only. */
async function testJobs(conn: DuckDBConnection, project: Project, opts: TestOptions) {
  const chosen = select(project, opts.select);
  // What each test found last time, by its SQL: a new or edited test runs even when its models were kept.
  const recorded =
    (await hasTable(conn, "tierboard_test_results")) &&
    (await all(conn, `select 1 from information_schema.columns where table_schema = 'main' and table_name = 'tierboard_test_results' and column_name = 'sql_hash'`)).length > 0;
  const found = recorded ? await all<{ k: string; status: string }>(conn, `select test_id || ':' || sql_hash as k, status from tierboard_test_results where status in ('pass', 'warn')`) : [];
  const before = new Set(found.map((r) => r.k));
  const passed = new Set(found.filter((r) => r.status === "pass").map((r) => r.k));
  // A result stands for the models as they were when it was found: a model built since (by a run
  // without tests, `tierboard run`) has its tests run again, though the run asking kept it.
  const states = await storedStates(conn);
  const grown = opts.grown ?? new Map<string, Grown>();
  /**
   * Where a test need check only the rows its model's run added: a test of one row (or of a key)
   * that passed on the models as they were before the run, a model that only gained rows, and
   * (for a relationship) another side whose values can only have been added to: kept, or grown
   * by rows (a row-wise model, an incremental one without a key or keyed by that column).
   */
  const newRowsAfter = (t: TestDef): number | undefined => {
    const g = grown.get(t.model);
    if (!g || t.where) return undefined;
    if (t.name === "relationships") {
      const parent = project.nodes.get(testModels(t)[1]!);
      if (!parent) return undefined;
      const field = String(t.args.field);
      const onlyAdded = !opts.built?.has(parent.name) || (grown.has(parent.name) && (parent.rowWise || (parent.incremental !== undefined && (parent.incremental.uniqueKey.length === 0 || parent.incremental.uniqueKey.join() === field))));
      if (!onlyAdded) return undefined;
    }
    const keyBefore = testKey(testSql(t, project), testModels(t), (m) => grown.get(m)?.previous ?? states.get(m)?.fingerprint);
    return passed.has(`${t.id}:${keyBefore}`) ? g.after : undefined;
  };
  const candidates: { id: string; model: string; column: string | null; name: string; severity: "error" | "warn"; reads: string[]; sql: () => string; run?: () => string }[] = [
    ...project.tests
      .filter((t) => chosen.has(t.model))
      .map((t) => {
        let after: number | undefined;
        try {
          after = newRowsAfter(t);
        } catch {
          after = undefined; // a test that cannot be written runs whole, to report why
        }
        return {
          id: t.id, model: t.model, column: t.column ?? null, name: t.name, severity: t.severity, reads: testModels(t), sql: () => testSql(t, project),
          ...(after === undefined ? {} : { run: () => testSql(t, project, after) }),
        };
      }),
    ...project.singularTests.filter((t) => t.refs.some((r) => chosen.has(r))).map((t) => ({ id: t.name, model: t.refs[0] ?? "", column: null, name: `singular: ${t.path}`, severity: "error" as const, reads: t.refs, sql: () => t.compiled })),
  ];
  // A test's key: its SQL (as written for this run) and the state of every model it reads.
  const jobs = candidates.map((j) => ({ ...j, key: (sql: string) => testKey(sql, j.reads, (m) => states.get(m)?.fingerprint) }));
  const unseen = (j: (typeof jobs)[number]) => {
    try {
      return !before.has(`${j.id}:${j.key(j.sql())}`);
    } catch {
      return true; // a test that cannot be written runs, to report why
    }
  };
  return jobs.filter((j) => !opts.built || j.reads.some((m) => opts.built!.has(m)) || unseen(j));
}

/** The ids of the tests a run with these options would run: none when every one stands as last found. Reads only. */
export const testsToRun = async (conn: DuckDBConnection, project: Project, opts: TestOptions = {}): Promise<string[]> => (await testJobs(conn, project, opts)).map((j) => j.id);

export async function runTests(
  conn: DuckDBConnection,
  project: Project,
  opts: TestOptions & { onResult?: (r: TestResult, i: number, total: number) => void } = {},
): Promise<TestResult[]> {
  const jobs = await testJobs(conn, project, opts);
  // Nothing to run writes nothing.
  if (!jobs.length) return [];
  await conn.run(`create table if not exists tierboard_test_results (test_id varchar primary key, model varchar, column_name varchar, test_name varchar,
    status varchar, failures bigint, seconds double, message varchar, finished_at timestamp)`);
  await conn.run(`alter table tierboard_test_results add column if not exists sql_hash varchar`);
  const results: TestResult[] = [];
  for (const [i, job] of jobs.entries()) {
    const t0 = performance.now();
    let result: TestResult;
    try {
      const sql = job.sql();
      // The result is kept under the whole test's key: it stands for every row, the earlier ones having passed before.
      const run = job.run?.() ?? sql;
      const n = (await one<{ n: number }>(conn, `select count(*)::bigint as n from (\n${run}\n) failures`)).n;
      let message: string | undefined;
      if (n > 0) {
        const examples = await all(conn, `select * from (\n${run}\n) failures limit 3`);
        message = `${n} failing row(s), e.g. ${examples.map((e) => JSON.stringify(e, (_, v) => (typeof v === "bigint" ? Number(v) : v))).join("; ")}`;
      }
      result = {
        id: job.id, model: job.model, column: job.column, name: job.name, status: n === 0 ? "pass" : job.severity === "warn" ? "warn" : "fail", failures: n, ms: performance.now() - t0, message, sqlHash: job.key(sql),
        ...(job.run ? { newRowsOnly: true } : {}),
      };
    } catch (e) {
      result = { id: job.id, model: job.model, column: job.column, name: job.name, status: "error", failures: 0, ms: performance.now() - t0, message: (e as Error).message.split("\n")[0] };
    }
    results.push(result);
    opts.onResult?.(result, i, jobs.length);
  }
  // One statement: a statement per result, each committed alone, took 1.1-1.2 s for 376 results.
  await conn.run(`insert or replace into tierboard_test_results values ${results
    .map((r) => `(${lit(r.id)}, ${lit(r.model)}, ${r.column ? lit(r.column) : "null"}, ${lit(r.name)}, ${lit(r.status)}, ${r.failures},
      ${(r.ms / 1000).toFixed(4)}, ${r.message ? lit(r.message) : "null"}, current_timestamp, ${r.sqlHash ? lit(r.sqlHash) : "null"})`)
    .join(",\n")}`);
  return results;
}
