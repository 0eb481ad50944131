/**
 * Commands pointed at the wrong place: each refuses in one line, exits non-zero and changes
 * nothing; `query` and `export` only read. Through the real command, as a user runs it.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";

const bin = resolve(import.meta.dirname, "../bin/tierboard.cjs");
const root = mkdtempSync(join(tmpdir(), "tb-paths-"));
const exportsDir = join(root, "exports");
const warehouse = join(root, "data", "warehouse.duckdb");
const env = { ...process.env, LANG: "en_US.UTF-8", TIERBOARD_TARGET: join(root, "target") };
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: resolve(import.meta.dirname, ".."), encoding: "utf8", env });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** One line naming the problem, no stack trace. */
const oneLine = (err: string) => {
  expect(err).not.toMatch(/\n\s+at /);
  expect(err.trim().split("\n").length).toBeLessThanOrEqual(3);
};

beforeAll(() => {
  mkdirSync(exportsDir);
  writeFileSync(join(exportsDir, "sales.csv"), "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-05,C1,P1,1,100\nO2,2024-02-05,C2,P1,2,300\n");
  expect(cli("ingest", "--source", exportsDir, "--warehouse", warehouse).code).toBe(0);
  expect(cli("run", "--warehouse", warehouse).code).toBe(0);
}, 120_000);

describe("no command replaces what it was not asked to", () => {
  test("build --out a folder that is not a Tierboard site (here, the warehouse's) refuses and deletes nothing", () => {
    const before = readdirSync(join(root, "data")).sort();
    const r = cli("build", "--skip-ingest", "--warehouse", warehouse, "--out", join(root, "data"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not empty and is not a site Tierboard built/);
    oneLine(r.err);
    expect(readdirSync(join(root, "data")).sort()).toEqual(before);
  });

  test("ingest --warehouse naming an export refuses and leaves the export as it was", () => {
    const file = join(exportsDir, "sales.csv");
    const before = readFileSync(file);
    const r = cli("ingest", "--source", exportsDir, "--warehouse", file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a DuckDB database \(it may be an export\); Tierboard will not overwrite it/);
    oneLine(r.err);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test("a warehouse path that is a folder, lies under a file, or under /proc gets one line each", () => {
    for (const [path, message] of [
      [join(root, "data"), /is a folder, not a DuckDB file/],
      [join(exportsDir, "sales.csv", "w.duckdb"), /is a file, not a folder/],
      ["/proc/self/w.duckdb", /a system folder/],
    ] as const) {
      const r = cli("ingest", "--source", exportsDir, "--warehouse", path);
      expect(r.code, path).toBe(1);
      expect(r.err, path).toMatch(message);
      oneLine(r.err);
    }
  });

  test("export --out naming the warehouse refuses and leaves it whole", () => {
    const before = readFileSync(warehouse);
    const r = cli("export", "sales_lines", "--warehouse", warehouse, "--out", warehouse, "--format", "csv");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is the warehouse; export will not overwrite it/);
    expect(readFileSync(warehouse).equals(before)).toBe(true);
  });

  test("a missing warehouse is named, for query as for run", () => {
    for (const args of [["query", "select 1"], ["run"]]) {
      const r = cli(...args, "--warehouse", join(root, "nowhere.duckdb"));
      expect(r.code, args[0]).toBe(1);
      expect(r.err, args[0]).toMatch(/no warehouse at .*nowhere\.duckdb/);
      oneLine(r.err);
    }
  });
});

describe("query and export only read", () => {
  test("COPY TO, ATTACH, INSTALL, SET and a second statement are refused; no file is written", () => {
    const target = join(root, "copied.csv");
    for (const sql of [`copy (select 1) to '${target}'`, `attach '${join(root, "other.duckdb")}'`, "install httpfs", "set threads = 1", `select 1; copy (select 1) to '${target}'`]) {
      const r = cli("query", sql, "--warehouse", warehouse);
      expect(r.code, sql).toBe(1);
      expect(r.err, sql).toMatch(/only a SELECT can run here|expected one SQL statement/);
      oneLine(r.err);
    }
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(root, "other.duckdb"))).toBe(false);
  });

  test("export --where cannot smuggle a second statement", () => {
    const target = join(root, "smuggled.csv");
    const r = cli("export", "sales_lines", "--warehouse", warehouse, "--where", `1=1; copy (select 1) to '${target}'`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/expected one SQL statement, got 2/);
    expect(existsSync(target)).toBe(false);
  });

  test("reading a local file for analysis still works", () => {
    const r = cli("query", `select count(*) as n from read_csv('${join(exportsDir, "sales.csv")}')`, "--warehouse", warehouse);
    expect(r.code).toBe(0);
    expect(r.out).toBe("n\n2\n");
  });

  test("an SQL error is one line naming what is wrong", () => {
    const r = cli("query", "select nosuchcolumn from sales_lines", "--warehouse", warehouse);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^tierboard query: Binder Error: Referenced column "nosuchcolumn" not found/);
    oneLine(r.err);
    const runtime = cli("query", "select cast('x' as integer)", "--warehouse", warehouse);
    expect(runtime.code).toBe(1);
    expect(runtime.err).toMatch(/^tierboard query: Conversion Error/);
    oneLine(runtime.err);
  });
});

describe("vars are checked before any SQL sees them", () => {
  test.each([
    ["{abc_a_cut: '0.8 or true'}", /abc_a_cut: .*expected number/],
    ["{abc_a_cut: 1.5}", /abc_a_cut: Too big/],
    ["{week_start: friday}", /week_start: Invalid option: expected one of "monday"\|"sunday"/],
    ["{fiscal_year_start_month: 13}", /fiscal_year_start_month/],
    ["{abc_a_cutt: 0.7}", /Unrecognized key: "abc_a_cutt"/],
    ["{as_of_date: '2024-02-30'}", /as_of_date: not a real date/],
  ])("%s is refused with the var's name", (vars, message) => {
    const before = readFileSync(warehouse);
    const r = cli("run", "--warehouse", warehouse, "--vars", vars);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(warehouse).equals(before)).toBe(true);
  });
});

describe("a full disk or a folder that cannot be written", () => {
  // A 5 MB file system holds a small warehouse (about 4 MB) but not its staged copy. Mounting needs root (CI runs as root).
  const mountPoint = join(root, "small-disk");
  mkdirSync(mountPoint, { recursive: true });
  const mounted = process.getuid?.() === 0 && spawnSync("mount", ["-t", "tmpfs", "-o", "size=5m", "tmpfs", mountPoint]).status === 0;
  const full = mounted ? test : test.skip;

  full("run on a full disk says so in one line and keeps the warehouse", () => {
    try {
      const small = join(mountPoint, "warehouse.duckdb");
      expect(cli("ingest", "--source", exportsDir, "--warehouse", small).code).toBe(0);
      const before = readFileSync(small);
      const r = cli("run", "--warehouse", small);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^tierboard run: the disk is full \(writing .*warehouse\.duckdb\.run-\d+\): free some space and run again/);
      oneLine(r.err);
      expect(readFileSync(small).equals(before)).toBe(true);
      expect(readdirSync(mountPoint).sort()).toEqual(["quarantine.csv", "warehouse.duckdb"]);
    } finally {
      spawnSync("umount", [mountPoint]);
    }
  });

  const fullIngest = process.getuid?.() === 0 ? test : test.skip;
  fullIngest("ingest onto a full disk says so in one line and leaves nothing behind", () => {
    const tiny = join(root, "tiny-disk");
    mkdirSync(tiny, { recursive: true });
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", tiny]).status !== 0) return;
    try {
      const r = cli("ingest", "--source", exportsDir, "--warehouse", join(tiny, "warehouse.duckdb"));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^tierboard ingest: the disk is full/m);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(readdirSync(tiny)).toEqual([]);
    } finally {
      spawnSync("umount", [tiny]);
    }
  });

  const asNobody = process.getuid?.() === 0 && spawnSync("runuser", ["-u", "nobody", "--", "true"]).status === 0 ? test : test.skip;
  asNobody("ingest into a folder the user cannot write names it", () => {
    const readOnly = join(root, "read-only");
    mkdirSync(readOnly, { mode: 0o755 });
    // The temporary root is private to root: let the other user see into it, not write in it.
    chmodSync(root, 0o755);
    const r = spawnSync("runuser", ["-u", "nobody", "--", process.execPath, bin, "ingest", "--source", exportsDir, "--warehouse", join(readOnly, "w.duckdb")], {
      cwd: resolve(import.meta.dirname, ".."), encoding: "utf8", env: { ...env, HOME: "/tmp" },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/w\.duckdb cannot be written: .*read-only is read-only for this user/);
    oneLine(r.stderr);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  test("a dangling link or a named pipe in the source folder is named, not followed or read", () => {
    const src = join(root, "odd-exports");
    mkdirSync(src);
    writeFileSync(join(src, "sales.csv"), readFileSync(join(exportsDir, "sales.csv")));
    spawnSync("ln", ["-s", join(root, "gone.csv"), join(src, "customers.csv")]);
    let r = cli("ingest", "--source", src, "--warehouse", join(root, "odd.duckdb"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/customers\.csv: a link to a file that does not exist/);
    oneLine(r.err);
    spawnSync("rm", [join(src, "customers.csv")]);
    spawnSync("mkfifo", [join(src, "products.csv")]);
    r = cli("ingest", "--source", src, "--warehouse", join(root, "odd.duckdb"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/products\.csv: not a regular file \(a named pipe, socket or device\)/);
    oneLine(r.err);
  });
});

test("an audience that matches no customer stops the build with its name, and writes no site", () => {
  const config = join(root, "tierboard-ghost.yml");
  writeFileSync(config, "audiences:\n  ghost:\n    departments: [D99]\n");
  const out = join(root, "dist-ghost");
  const r = spawnSync(process.execPath, [bin, "build", "--audience", "ghost", "--warehouse", warehouse, "--out", out], {
    cwd: resolve(import.meta.dirname, ".."), encoding: "utf8", env: { ...env, TIERBOARD_CONFIG: config },
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/audience "ghost" has no rows: no customer in the warehouse is owned by its departments \(D99\)/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
});

test("exports with sales lines only (no invoices, no customer master) pass every data test", () => {
  const r = cli("test", "--warehouse", warehouse);
  expect(r.err).toMatch(/Tests: \d+ passed, 0 failed, 0 warned, 0 errored/);
  expect(r.code).toBe(0);
});

test("tierboard.yml sets DuckDB's memory limit and threads for every command, and a bad amount is named", () => {
  const config = join(root, "tierboard-memory.yml");
  const run = (body: string) => {
    writeFileSync(config, body);
    const r = spawnSync(process.execPath, [bin, "query", "select current_setting('memory_limit') as m, current_setting('threads') as t", "--warehouse", warehouse], {
      cwd: resolve(import.meta.dirname, ".."), encoding: "utf8", env: { ...env, TIERBOARD_CONFIG: config, TIERBOARD_MEMORY_LIMIT: "", TIERBOARD_THREADS: "" },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const set = run("warehouse:\n  memory_limit: 1GB\n  threads: 1\n");
  expect(set.code, set.err).toBe(0);
  expect(set.out).toMatch(/^m,t\n953\.6 MiB,1\n$/);
  const bad = run("warehouse:\n  memory_limit: lots\n");
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/warehouse\.memory_limit.*an amount such as 2GB or 1500MB/);
  oneLine(bad.err.split("\n").filter(Boolean).slice(-1)[0]!);
});
