/**
 * Runs models and data tests against a DuckDB connection. Models run in dependency order; a
 * failed model's downstream models are skipped and listed; SQL errors point at the model's own
 * source line. Callers make the run atomic by running on a staged copy (see lib/staging.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../lib/duckdb.ts";
import { ident, lit } from "../lib/sql.ts";
import { select, topoOrder } from "./graph.ts";
import { ProjectError, type Node, type Project, type TestDef } from "./project.ts";

export interface ModelResult {
  name: string;
  path: string;
  status: "success" | "error" | "skipped";
  rows: number | null;
  ms: number;
  error?: string;
}

export interface TestResult {
  id: string;
  model: string;
  column: string | null;
  name: string;
  status: "pass" | "fail" | "warn" | "error";
  failures: number;
  ms: number;
  message?: string;
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
  onResult?: (r: ModelResult, index: number, total: number) => void;
}

export async function runModels(conn: DuckDBConnection, project: Project, opts: RunOptions = {}): Promise<ModelResult[]> {
  const order = topoOrder(project);
  const chosen = select(project, opts.select);
  if (opts.targetDir) writeCompiled(project, opts.targetDir);
  const results: ModelResult[] = [];
  const failed = new Map<string, string>();
  const todo = order.filter((n) => chosen.has(n));
  for (const [i, name] of todo.entries()) {
    const node = project.nodes.get(name)!;
    const t0 = performance.now();
    const blocker = node.refs.find((r) => failed.has(r));
    let result: ModelResult;
    if (blocker) {
      failed.set(name, failed.get(blocker)!);
      result = { name, path: node.path, status: "skipped", rows: null, ms: 0, error: `skipped: upstream ${failed.get(blocker)} failed` };
    } else {
      try {
        let rows: number | null = null;
        if (node.kind === "seed") {
          await conn.run(`create or replace table ${rel(name)} as select * from read_csv(${lit(join(project.root, node.path))}, header = true, auto_detect = true)`);
          rows = (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${rel(name)}`)).n;
        } else {
          const kind = node.materialized === "view" ? "view" : "table";
          // A view cannot replace a table of the same name and vice versa: drop the other kind first.
          const other = await all<{ t: string }>(conn, `select table_type as t from information_schema.tables where table_schema = 'main' and table_name = ${lit(name)}`);
          if (other[0] && (other[0].t === "VIEW") !== (kind === "view")) await conn.run(`drop ${other[0].t === "VIEW" ? "view" : "table"} ${rel(name)} cascade`);
          try {
            await conn.run(`create or replace ${kind} ${rel(name)} as (\n${node.compiled}\n)`);
          } catch (e) {
            throw new ProjectError(locateError(node, (e as Error).message, 1));
          }
          if (kind === "table") rows = (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${rel(name)}`)).n;
        }
        result = { name, path: node.path, status: "success", rows, ms: performance.now() - t0 };
      } catch (e) {
        failed.set(name, name);
        result = { name, path: node.path, status: "error", rows: null, ms: performance.now() - t0, error: (e as Error).message };
      }
    }
    results.push(result);
    opts.onResult?.(result, i, todo.length);
  }
  await recordRunResults(conn, results);
  return results;
}

async function recordRunResults(conn: DuckDBConnection, results: ModelResult[]) {
  await conn.run(`create table if not exists tierboard_run_results (model varchar primary key, path varchar, status varchar,
    row_count bigint, seconds double, error varchar, finished_at timestamp)`);
  for (const r of results)
    await conn.run(`insert or replace into tierboard_run_results values (${lit(r.name)}, ${lit(r.path)}, ${lit(r.status)},
      ${r.rows ?? "null"}, ${(r.ms / 1000).toFixed(4)}, ${r.error ? lit(r.error) : "null"}, current_timestamp)`);
}

function parseRelation(spec: string): string {
  const ref = /ref\(\s*['"]([^'"]+)['"]\s*\)/.exec(spec);
  if (ref) return rel(ref[1]!);
  throw new ProjectError(`relationships test: cannot read 'to: ${spec}'; write to: ref('model')`);
}

const sqlValue = (v: unknown) => (typeof v === "number" ? String(v) : lit(String(v)));

/** SQL returning the rows that fail a generic test. */
export function testSql(t: TestDef, project: Project): string {
  const base = t.where ? `(select * from ${rel(t.model)} where ${t.where})` : rel(t.model);
  const c = t.column ? col(t.column) : undefined;
  const need = (what: string) => {
    if (!c) throw new ProjectError(`${t.name} on ${t.model} needs a column`);
    return what;
  };
  switch (t.name) {
    case "unique":
      return need(`select ${c} as value, count(*) as n from ${base} where ${c} is not null group by 1 having count(*) > 1`);
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
      const cols = (t.args.combination_of_columns as string[]).map(col).join(", ");
      return `select ${cols}, count(*) as n from ${base} group by all having count(*) > 1`;
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

export async function runTests(
  conn: DuckDBConnection,
  project: Project,
  opts: { select?: string; onResult?: (r: TestResult, i: number, total: number) => void } = {},
): Promise<TestResult[]> {
  const chosen = select(project, opts.select);
  const generic = project.tests.filter((t) => chosen.has(t.model));
  const singular = project.singularTests.filter((t) => t.refs.some((r) => chosen.has(r)));
  const jobs: { id: string; model: string; column: string | null; name: string; severity: "error" | "warn"; sql: () => string }[] = [
    ...generic.map((t) => ({ id: t.id, model: t.model, column: t.column ?? null, name: t.name, severity: t.severity, sql: () => testSql(t, project) })),
    ...singular.map((t) => ({ id: t.name, model: t.refs[0] ?? "", column: null, name: `singular: ${t.path}`, severity: "error" as const, sql: () => t.compiled })),
  ];
  const results: TestResult[] = [];
  for (const [i, job] of jobs.entries()) {
    const t0 = performance.now();
    let result: TestResult;
    try {
      const sql = job.sql();
      const n = (await one<{ n: number }>(conn, `select count(*)::bigint as n from (\n${sql}\n) failures`)).n;
      let message: string | undefined;
      if (n > 0) {
        const examples = await all(conn, `select * from (\n${sql}\n) failures limit 3`);
        message = `${n} failing row(s), e.g. ${examples.map((e) => JSON.stringify(e, (_, v) => (typeof v === "bigint" ? Number(v) : v))).join("; ")}`;
      }
      result = { id: job.id, model: job.model, column: job.column, name: job.name, status: n === 0 ? "pass" : job.severity === "warn" ? "warn" : "fail", failures: n, ms: performance.now() - t0, message };
    } catch (e) {
      result = { id: job.id, model: job.model, column: job.column, name: job.name, status: "error", failures: 0, ms: performance.now() - t0, message: (e as Error).message.split("\n")[0] };
    }
    results.push(result);
    opts.onResult?.(result, i, jobs.length);
  }
  await conn.run(`create table if not exists tierboard_test_results (test_id varchar primary key, model varchar, column_name varchar, test_name varchar,
    status varchar, failures bigint, seconds double, message varchar, finished_at timestamp)`);
  for (const r of results)
    await conn.run(`insert or replace into tierboard_test_results values (${lit(r.id)}, ${lit(r.model)}, ${r.column ? lit(r.column) : "null"}, ${lit(r.name)},
      ${lit(r.status)}, ${r.failures}, ${(r.ms / 1000).toFixed(4)}, ${r.message ? lit(r.message) : "null"}, current_timestamp)`);
  return results;
}
