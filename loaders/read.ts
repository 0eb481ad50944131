/**
 * Finds export files and stages each sheet or file as a DuckDB table of text columns
 * (`c0`, `c1`, …) with its source row number `__row`. Rows DuckDB cannot split are kept, with
 * the reason, in `<table>_rej` so that they are quarantined rather than lost.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { createWriteStream } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { csvLine, detectDelimiter, parseRecords } from "./csv.ts";
import { decodeHead, detectEncoding, normalizeEncoding, readHead, transcodeToUtf8, type Encoding } from "./encoding.ts";
import { readWorkbook, WorkbookError } from "./xlsx.ts";
import { ident, lit } from "../lib/sql.ts";
import type { Progress } from "../lib/progress.ts";
import { UserError } from "../lib/errors.ts";

export class InputError extends UserError {}

export type Format = "csv" | "xlsx" | "json" | "parquet";
const EXTENSIONS: Record<string, Format> = {
  ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
  ".json": "json", ".ndjson": "json", ".jsonl": "json", ".parquet": "parquet",
};

/** Files under the given paths that Tierboard can read, in a stable order. */
/**
 * What a path is, following links: a link to nothing, a pipe or a device is named in a message
 * rather than read (a named pipe would block the ingest for ever).
 */
function kindOf(path: string): "file" | "folder" {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
      throw new InputError(`${path}: a link to a file that does not exist (${readlinkSync(path)}); remove the link or point it at the export`);
    throw new InputError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) return "folder";
  if (!st.isFile()) throw new InputError(`${path}: not a regular file (a named pipe, socket or device); put the exports in files`);
  return "file";
}

export function findInputs(paths: string[], exclude: string[] = []): string[] {
  const skip = new Set(exclude.map((p) => resolve(p)));
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p) && !lstatSync(p, { throwIfNoEntry: false })) throw new InputError(`${p}: no such file or folder`);
    if (kindOf(p) === "folder") {
      // A month's exports may come in a folder of their own beside the earlier months' (exports/2026-11/).
      const walk = (dir: string) => {
        for (const f of readdirSync(dir).sort()) {
          const full = join(dir, f);
          if (f.startsWith(".") || f.startsWith("~$")) continue;
          if (kindOf(full) === "folder") {
            walk(full);
            continue;
          }
          const ext = extname(f).toLowerCase();
          if (!EXTENSIONS[ext] && ext !== ".xls") continue;
          if (ext === ".xls") throw new InputError(`${full}: old .xls workbooks cannot be read; save it as .xlsx or CSV`);
          if (!skip.has(resolve(full))) out.push(resolve(full));
        }
      };
      walk(p);
    } else {
      const ext = extname(p).toLowerCase();
      if (!EXTENSIONS[ext])
        throw new InputError(`${p}: cannot read ${ext || "files without an extension"}; expected one of ${Object.keys(EXTENSIONS).join(" ")}`);
      out.push(resolve(p));
    }
  }
  if (out.length === 0) throw new InputError(`no readable exports (${Object.keys(EXTENSIONS).join(" ")}) in ${paths.join(", ")}`);
  return out;
}

export const formatOf = (file: string): Format => EXTENSIONS[extname(file).toLowerCase()]!;

/** One table-like unit of input: a delimited file, a sheet, a JSON or Parquet file. */
export interface Source {
  file: string;
  sheet?: string;
  format: Format;
  encoding?: Encoding;
  delimiter?: string;
  /** the first rows as text, for header detection: [rowNumber, cells] */
  preview: [number, string[]][];
  /** how to stage the rows below a chosen header row */
  stage(conn: DuckDBConnection, table: string, headerRow: number, width: number): Promise<StageResult>;
  /** a UTF-8 delimited file DuckDB can read as it is: several of one layout are staged in one read (stageCsvFiles) */
  plainCsv?: { path: string; delimiter: string };
}

/** Staged rows, and rows that could not be split into fields (kept in `<table>_rej`: __row, reason, raw). */
export interface StageResult {
  rows: number;
  rejected: number;
  /** something the report should say about how the file was read */
  note?: string;
}

const PREVIEW_ROWS = 30;

function colsSpec(width: number): string {
  return `{${Array.from({ length: width }, (_, i) => `'c${i}': 'varchar'`).join(", ")}}`;
}

const REJECT_WORDS: Record<string, string> = {
  "TOO MANY COLUMNS": "the row has more fields than the header",
  "MISSING COLUMNS": "the row has fewer fields than the header",
  "UNQUOTED VALUE": "a quote is not closed or stands inside an unquoted field",
  "INVALID ENCODING": "the text is not valid in the file's encoding (mixed encodings?)",
  "INVALID UNICODE": "the text is not valid in the file's encoding (mixed encodings?)",
  "LINE SIZE OVER MAXIMUM": "the line is longer than the 10 MB limit",
  CAST: "a value cannot be read",
};

async function stageCsv(
  conn: DuckDBConnection, table: string, path: string, delimiter: string, skip: number, width: number, id: string,
): Promise<StageResult> {
  const rej = `rej_${id}`;
  // The rows in the order of the file: DuckDB keeps a query's order when it writes a table
  // (preserve_insertion_order), so a row's rowid is its place among the accepted records. Numbering
  // them with row_number() in the same query cost a third of the read (10M lines: 9.8 s -> 6.7 s).
  await conn.run(`create or replace temp table ${table} as
    select * from read_csv(${lit(path)}, header = false, auto_detect = false,
      delim = ${lit(delimiter)}, quote = '"', escape = '"', skip = ${skip}, null_padding = false,
      max_line_size = 10000000, store_rejects = true, rejects_table = ${lit(rej)}, rejects_scan = ${lit(rej + "_scan")},
      columns = ${colsSpec(width)})`);
  // DuckDB numbers rejected records by position in the file (skipped lines included).
  const reasons = Object.entries(REJECT_WORDS).map(([k, v]) => `when ${lit(k)} then ${lit(v)}`).join(" ");
  await conn.run(`create or replace temp table ${table}_rej as
    select line::bigint as __row,
      coalesce(case t ${reasons} end, lower(t)) || ': ' || split_part(m, chr(10), 1) as reason, raw
    from (select line, first(error_type order by column_idx) as t, first(error_message order by column_idx) as m,
            first(csv_line) as raw from ${rej} group by line)`);
  // Accepted record k (from 1) sits after the rejects that came before it: row = skip + k + #rejects before.
  // Without rejects that is skip + k, and the common case needs no join.
  const rejected = Number((await conn.runAndReadAll(`select count(*) as n from ${table}_rej`)).getRowObjectsJS()[0]!.n);
  await conn.run(`alter table ${table} add column __row bigint`);
  await conn.run(`update ${table} set __row = rowid + 1 + ${skip}`);
  if (rejected > 0) {
    await conn.run(`create or replace temp table ${table}_pos as
      select __row - ${skip} - row_number() over (order by __row) as pos from ${table}_rej`);
    await conn.run(`create or replace temp table ${table} as
      select s.* replace (s.__row + (select count(*) from ${table}_pos r where r.pos < s.__row - ${skip}) as __row)
      from ${table} s order by s.__row`);
    await conn.run(`drop table ${table}_pos`);
  }
  await conn.run(`drop table ${rej}; drop table ${rej}_scan`);
  return counts(conn, table);
}

/**
 * Stages several UTF-8 files of one layout (same delimiter and header row) with one read: a
 * folder of small exports costs one scan, not one per file. Rows and rejects are numbered as
 * stageCsv numbers them, per file, and carry the file's place in the list as `k * offset + row`.
 */
export async function stageCsvFiles(
  conn: DuckDBConnection, table: string, paths: string[], delimiter: string, skip: number, width: number, offset: number,
): Promise<StageResult[]> {
  const id = Math.random().toString(36).slice(2, 8);
  const rej = `rej_${id}`;
  const files = `[${paths.map(lit).join(", ")}]`;
  // Which file a row came from, by a join (a list lookup per row would cost files x rows).
  await conn.run(`create or replace temp table ${table}_files as select k - 1 as __src, path from unnest(${files}) with ordinality as t(path, k)`);
  await conn.run(`create or replace temp table ${table}_all as
    select a.__k, f.__src, a.* exclude (__k, filename)
    from (select row_number() over () as __k, * from read_csv(${files}, header = false, auto_detect = false, filename = true,
      delim = ${lit(delimiter)}, quote = '"', escape = '"', skip = ${skip}, null_padding = false,
      max_line_size = 10000000, store_rejects = true, rejects_table = ${lit(rej)}, rejects_scan = ${lit(rej + "_scan")},
      columns = ${colsSpec(width)})) a
    join ${table}_files f on f.path = a.filename`);
  const reasons = Object.entries(REJECT_WORDS).map(([k, v]) => `when ${lit(k)} then ${lit(v)}`).join(" ");
  await conn.run(`create or replace temp table ${table}_rejs as
    select f.__src, e.line::bigint as line,
      coalesce(case e.t ${reasons} end, lower(e.t)) || ': ' || split_part(e.m, chr(10), 1) as reason, e.raw
    from (select scan_id, file_id, line, first(error_type order by column_idx) as t, first(error_message order by column_idx) as m,
            first(csv_line) as raw from ${rej} group by all) e
    join ${rej}_scan s using (scan_id, file_id) join ${table}_files f on f.path = s.file_path`);
  // As in stageCsv: record k of a file sits after that file's rejects that came before it.
  await conn.run(`create or replace temp table ${table}_pos as
    select __src, line - ${skip} - row_number() over (partition by __src order by line) as pos from ${table}_rejs`);
  await conn.run(`create or replace temp table ${table} as
    select a.__src * ${offset} + a.k + ${skip} + (select count(*) from ${table}_pos r where r.__src = a.__src and r.pos < a.k) as __row,
      a.* exclude (__k, __src, k)
    from (select row_number() over (partition by __src order by __k) as k, * from ${table}_all) a
    order by a.__src, a.k`);
  await conn.run(`create or replace temp table ${table}_rej as select __src * ${offset} + line as __row, reason, raw from ${table}_rejs`);
  const per = (await conn.runAndReadAll(`select k, sum(n)::bigint as n, sum(r)::bigint as r from (
      select __row // ${offset} as k, count(*) as n, 0 as r from ${table} group by 1
      union all select __row // ${offset}, 0, count(*) from ${table}_rej group by 1) group by k`)).getRowObjectsJS();
  await conn.run(`drop table ${table}_all; drop table ${table}_rejs; drop table ${table}_pos; drop table ${table}_files; drop table ${rej}; drop table ${rej}_scan`);
  return paths.map((_, k) => {
    const r = per.find((x) => Number(x.k) === k);
    return { rows: Number(r?.n ?? 0), rejected: Number(r?.r ?? 0) };
  });
}

async function counts(conn: DuckDBConnection, table: string): Promise<StageResult> {
  const r = (
    await conn.runAndReadAll(`select (select count(*) from ${table})::bigint as n, (select count(*) from ${table}_rej)::bigint as r`)
  ).getRowObjectsJS()[0]!;
  return { rows: Number(r.n), rejected: Number(r.r) };
}

export async function openSources(
  conn: DuckDBConnection,
  file: string,
  tmpDir: string,
  progress: Progress,
  opts: { encoding?: string; delimiter?: string; sheet?: string } = {},
): Promise<Source[]> {
  const format = formatOf(file);
  const name = basename(file);
  const id = Math.random().toString(36).slice(2, 8);
  if (format === "csv") {
    const head = await readHead(file);
    if (head.length === 0) throw new InputError(`${name}: the file is empty`);
    const detected = opts.encoding ? { encoding: normalizeEncoding(opts.encoding), bom: false } : detectEncoding(head);
    const text = decodeHead(head, detected.encoding);
    if (text.trim() === "") throw new InputError(`${name}: the file is empty (blank lines only)`);
    const delimiter = opts.delimiter ?? (extname(file).toLowerCase() === ".tsv" ? "\t" : detectDelimiter(text));
    const records = parseRecords(text, delimiter, PREVIEW_ROWS);
    const preview = records.map((r, i) => [i + 1, r] as [number, string[]]);
    let utf8Path = file;
    return [
      {
        file, format, encoding: detected.encoding, delimiter, preview,
        plainCsv: detected.encoding === "utf-8" ? { path: file, delimiter } : undefined,
        async stage(conn, table, headerRow, width) {
          let note: string | undefined;
          if (detected.encoding !== "utf-8") {
            utf8Path = join(tmpDir, `${id}.csv`);
            const size = statSync(file).size;
            const { fallbackLines } = await progress.bytes(`${name}: converting ${detected.encoding} to UTF-8`, size, (tick) =>
              transcodeToUtf8(file, utf8Path, detected.encoding, tick),
            );
            if (fallbackLines.length)
              note = `mixed encodings: ${fallbackLines.length} line(s) were not UTF-8 and were read as GBK/GB18030 (line ${fallbackLines.slice(0, 5).join(", ")}${fallbackLines.length > 5 ? ", …" : ""}); check them`;
          }
          return { ...(await stageCsv(conn, table, utf8Path, delimiter, headerRow, width, id)), note };
        },
      },
    ];
  }
  if (format === "xlsx") {
    let sheets;
    try {
      sheets = readWorkbook(file, opts.sheet);
    } catch (e) {
      if (e instanceof WorkbookError) throw new InputError(e.message);
      throw e;
    }
    return sheets.map((sh, si) => ({
      file, sheet: sh.name, format,
      // Copied: a cell is a slice of the sheet's XML string, and the preview would keep all of it alive.
      preview: structuredClone(sh.rows.slice(0, PREVIEW_ROWS)),
      async stage(conn, table, headerRow, width) {
        // A source is staged once: the sheet's rows (600 MB of JS for the workbooks of 10M lines) are not kept for the rest of the load.
        const rows = sh.rows;
        sh.rows = [];
        const path = join(tmpDir, `${id}-${si}.csv`);
        const out = createWriteStream(path);
        let buf = "";
        for (const [rowNum, cells] of rows) {
          if (rowNum <= headerRow) continue;
          const vals = [String(rowNum), ...cells.slice(0, width)];
          while (vals.length < width + 1) vals.push("");
          buf += csvLine(vals);
          if (buf.length > 1 << 20) {
            if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
            buf = "";
          }
        }
        // Cells to the right of the header are data without a column: say so rather than drop them.
        const rejects = rows.filter(([rowNum, cells]) => rowNum > headerRow && cells.slice(width).some((c) => c !== ""));
        await new Promise<void>((res, rej) => out.end(buf, () => res()).on("error", rej));
        const bad = new Set(rejects.map(([rowNum]) => rowNum));
        await conn.run(`create or replace temp table ${table}_rej (__row bigint, reason varchar, raw varchar)`);
        for (const [rowNum, cells] of rejects)
          await conn.run(`insert into ${table}_rej values (${rowNum}, ${lit(`the row has values beyond the last header column (${cells.length} cells, ${width} headers)`)}, ${lit(cells.join("\t"))})`);
        await conn.run(`create or replace temp table ${table} as
          select cast(c_row as bigint) as __row, * exclude (c_row) from read_csv(${lit(path)}, header = false, auto_detect = false,
            delim = ',', quote = '"', escape = '"', max_line_size = 100000000,
            columns = {'c_row': 'varchar', ${Array.from({ length: width }, (_, i) => `'c${i}': 'varchar'`).join(", ")}})
          ${bad.size ? `where cast(c_row as bigint) not in (${[...bad].join(",")})` : ""}`);
        return counts(conn, table);
      },
    }));
  }
  // JSON and Parquet carry their own column names: the "header" is the column list.
  const reader =
    format === "json"
      ? `read_json(${lit(file)}, format = 'auto', union_by_name = true, sample_size = -1)`
      : `read_parquet(${lit(file)})`;
  let columns: string[];
  let jsonReader = reader;
  try {
    // A quick look at the columns; the full read happens in stage().
    const r = (await conn.runAndReadAll(`describe select * from ${reader}`)).getRowObjectsJS();
    columns = r.map((x) => String(x.column_name));
    // JSON is read again with every column as JSON, so each value keeps the text it was written as.
    if (format === "json")
      jsonReader = `read_json(${lit(file)}, format = 'auto', union_by_name = true, sample_size = -1, columns = {${columns.map((c) => `${lit(c)}: 'JSON'`).join(", ")}})`;
  } catch (e) {
    throw new InputError(`${name}: cannot be read as ${format === "json" ? "JSON or NDJSON" : "Parquet"}: ${(e as Error).message.split("\n")[0]}`);
  }
  return [
    {
      file, format,
      preview: [[1, columns]],
      async stage(conn, table, _headerRow, width) {
        // Every value as the text it was written as: ids must not pass through a number type
        // (12345678901234567 would lose digits, 42.0 from one export would not match 42 from another).
        const asText = (c: string) =>
          format === "json"
            ? `case when json_type(${ident(c)}) = 'VARCHAR' then ${ident(c)} ->> '$'
                when json_type(${ident(c)}) in ('BIGINT', 'UBIGINT', 'DOUBLE') then regexp_replace(cast(${ident(c)} as varchar), '^(-?[0-9]+)\\.0+$', '\\1')
                else cast(${ident(c)} as varchar) end`
            : `cast(${ident(c)} as varchar)`;
        const cols = columns.slice(0, width).map((c, i) => `${asText(c)} as c${i}`);
        await conn.run(`create or replace temp table ${table} as
          select row_number() over () as __row, ${cols.join(", ")} from ${format === "json" ? jsonReader : reader}`);
        await conn.run(`create or replace temp table ${table}_rej (__row bigint, reason varchar, raw varchar)`);
        return counts(conn, table);
      },
    },
  ];
}
