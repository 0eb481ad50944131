/**
 * What the warehouse was loaded from, so the next ingest reads only what is new (docs/incremental.md).
 * Each export file is recorded with its size, modification time and SHA-256; the next ingest
 * sorts the files it is given into: the same as loaded (not read again; also when the folder
 * moved: ledgerEntries), new, grown (a CSV whose old content is an exact prefix of the new: only
 * the added lines are read), changed (anything else: the history in it may have been corrected)
 * and removed.
 */
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, hasTable } from "../lib/duckdb.ts";

export interface LedgerEntry {
  file: string;
  bytes: number;
  mtime_ms: number;
  sha256: string;
  ends_with_newline: boolean;
  /** the CSV's one table, header row and data rows read (for reading only its added lines) */
  table_name: string | null;
  header_row: number | null;
  rows_read: number;
  rows_quarantined: number;
  format: string;
  /** the file inside the folder it was found in, as the last load named it (2026-10/发票.csv) */
  name: string | null;
}

export interface Fingerprint {
  file: string;
  bytes: number;
  mtime_ms: number;
  sha256: string;
  ends_with_newline: boolean;
  /** SHA-256 of the first `prev.bytes` bytes, when the file is longer than it was */
  prefix_sha256?: string;
}

export type FileChange =
  | { kind: "same"; file: string; fp: Fingerprint; prev: LedgerEntry }
  | { kind: "new"; file: string; fp: Fingerprint }
  | { kind: "grown"; file: string; fp: Fingerprint; prev: LedgerEntry }
  | { kind: "changed"; file: string; fp: Fingerprint; prev: LedgerEntry };

/**
 * The file's hash, and the hash of the prefix the ledger knows. A file with the size and
 * modification time the ledger recorded is taken as the same without reading it (as make and
 * rsync do): rewriting a file changes its time.
 */
export async function fingerprint(file: string, prev?: LedgerEntry): Promise<Fingerprint> {
  const st = statSync(file);
  const base = { file, bytes: st.size, mtime_ms: Math.floor(st.mtimeMs) };
  if (prev && prev.bytes === st.size && prev.mtime_ms === base.mtime_ms) return { ...base, sha256: prev.sha256, ends_with_newline: prev.ends_with_newline };
  const whole = createHash("sha256");
  const prefix = prev && prev.bytes < st.size ? createHash("sha256") : undefined;
  let seen = 0;
  let last = -1;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    if (prefix && seen < prev!.bytes) prefix.update(chunk.subarray(0, Math.min(chunk.length, prev!.bytes - seen)));
    seen += chunk.length;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return { ...base, sha256: whole.digest("hex"), ends_with_newline: last === 0x0a, ...(prefix ? { prefix_sha256: prefix.digest("hex") } : {}) };
}

/**
 * Each file's entry in the ledger: the one at its path; else (the export folder moved, or the project
 * was cloned elsewhere) the entry of the same name inside the folder given (`nameOf`: 2026-10/发票.csv)
 * whose path is no longer given. Only a candidate: compareWithLedger takes it as the file when the
 * content is the same, or the same with lines added at its end. A file renamed has none: the mapping file's rules go by file name, and the
 * rows name their file.
 */
export function ledgerEntries(files: string[], ledger: Map<string, LedgerEntry>, nameOf: (file: string) => string): (file: string) => LedgerEntry | undefined {
  const given = new Set(files);
  const elsewhere = new Map<string, LedgerEntry>();
  for (const e of ledger.values()) if (!given.has(e.file) && !elsewhere.has(e.name ?? basename(e.file))) elsewhere.set(e.name ?? basename(e.file), e);
  return (file) => ledger.get(file) ?? elsewhere.get(nameOf(file));
}

/** Sorts the files given to this ingest against the ledger of the last one (each file's entry from ledgerEntries). */
export function compareWithLedger(
  fps: Fingerprint[],
  ledger: Map<string, LedgerEntry>,
  entryOf: (file: string) => LedgerEntry | undefined,
): { files: FileChange[]; removed: LedgerEntry[] } {
  // Only a CSV of one table that ended on a line break can take lines at its end without a re-read.
  const grows = (fp: Fingerprint, prev: LedgerEntry) =>
    prev.format === "csv" && Boolean(prev.table_name) && Boolean(prev.header_row) && prev.ends_with_newline && fp.prefix_sha256 === prev.sha256;
  const claimed = new Set<string>();
  const files: FileChange[] = fps.map((fp) => {
    const prev = entryOf(fp.file);
    if (prev && prev.file !== fp.file) {
      // Moved: the file loaded only with the same content or with lines added at its end; else a new file (and the entry gone).
      const kind = prev.sha256 === fp.sha256 ? "same" : grows(fp, prev) ? "grown" : null;
      if (!kind || claimed.has(prev.file)) return { kind: "new", file: fp.file, fp };
      claimed.add(prev.file);
      return { kind, file: fp.file, fp, prev };
    }
    if (!prev) return { kind: "new", file: fp.file, fp };
    if (prev.sha256 === fp.sha256) return { kind: "same", file: fp.file, fp, prev };
    return grows(fp, prev) ? { kind: "grown", file: fp.file, fp, prev } : { kind: "changed", file: fp.file, fp, prev };
  });
  const given = new Set(fps.map((f) => f.file));
  return { files, removed: [...ledger.values()].filter((e) => !given.has(e.file) && !claimed.has(e.file)) };
}

/** A file loaded before but found at another path, as it was or with lines added (compareWithLedger). */
export const isMoved = (c: FileChange): c is Exclude<FileChange, { kind: "new" }> => c.kind !== "new" && c.prev.file !== c.file;

export const LEDGER_DDL = `create table if not exists ingest_files (file varchar primary key, bytes bigint, mtime_ms bigint, sha256 varchar,
  ends_with_newline boolean, format varchar, load_id bigint)`;

/**
 * The layout of the ingest's tables. A warehouse written with another is read again in full: its
 * tables would not take this version's rows. Raise it when a raw or ingest_* table changes shape.
 */
export const INGEST_FORMAT = 2;

export interface Ledger {
  loadId: number;
  ingestId: string;
  mappingKey: string;
  sources: string[];
  files: Map<string, LedgerEntry>;
}

/** The ledger of the warehouse open on `conn`, or null when it has none (a first load, or a warehouse from before ledgers). */
export async function readLedger(conn: DuckDBConnection): Promise<Ledger | null> {
  for (const t of ["ingest_files", "ingest_table_state", "ingest_runs", "ingest_sources"]) if (!(await hasTable(conn, t))) return null;
  const versioned = await all(conn, `select 1 from information_schema.columns where table_schema = 'main' and table_name = 'ingest_runs' and column_name = 'format_version'`);
  if (versioned.length === 0) return null;
  const [run] = await all<{ load_id: number | null; ingest_id: string | null; mapping_key: string | null; sources: string; format_version: number }>(conn,
    `select (select max(load_id) from ingest_table_state) as load_id, (select any_value(ingest_id) from ingest_table_state) as ingest_id,
      (select any_value(mapping_key) from ingest_runs) as mapping_key, (select any_value(sources)::varchar from ingest_runs) as sources,
      (select any_value(format_version) from ingest_runs) as format_version`);
  if (!run || run.load_id === null || !run.ingest_id || !run.mapping_key || run.format_version !== INGEST_FORMAT) return null;
  const rows = await all<LedgerEntry>(conn, `
    select f.file, f.bytes, f.mtime_ms, f.sha256, f.ends_with_newline, f.format,
      s.table_name, s.header_row, coalesce(s.rows_read, 0)::bigint as rows_read, coalesce(s.rows_quarantined, 0)::bigint as rows_quarantined, names.name
    from ingest_files f
    left join (select file, any_value(table_name) as table_name, any_value(header_row) as header_row, sum(rows_read) as rows_read,
                 sum(rows_quarantined) as rows_quarantined, count(*) as n from ingest_sources group by file) s
      on s.file = f.file and s.n = 1
    left join (select file, any_value(name) as name from ingest_sources group by file) names on names.file = f.file`);
  return { loadId: run.load_id, ingestId: run.ingest_id, mappingKey: run.mapping_key, sources: JSON.parse(run.sources) as string[], files: new Map(rows.map((r) => [r.file, r])) };
}
