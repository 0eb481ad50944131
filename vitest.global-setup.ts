/**
 * Every test's temporary folders under one folder of this run, removed when the run ends: the
 * tests make warehouses, sites and exports with mkdtemp, and a run of them left gigabytes in the
 * system's temporary folder. Workers and the commands they start inherit TMPDIR, which os.tmpdir()
 * reads.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "tierboard-tests-"));
  // Open to every user and sticky, as the system's own: a test runs a command as another user.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    // A test that mounts a small disk and stops before unmounting it would keep the folder busy.
    const table = existsSync("/proc/mounts") ? readFileSync("/proc/mounts", "utf8") : "";
    const mounts = table.split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m.startsWith(`${root}/`));
    for (const m of mounts.reverse()) spawnSync("umount", [m]);
    rmSync(root, { recursive: true, force: true });
  };
}
