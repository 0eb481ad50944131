/**
 * The pipeline behind `tierboard build` and `tierboard dev`: ingest, then the static site.
 * The site is built into a fresh folder and swapped in only when the build succeeded, so a failed
 * build leaves the previous `dist/` in place.
 */
import { spawn } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { Progress } from "../lib/progress.ts";

const require = createRequire(import.meta.url);
const frameworkDir = () => dirname(require.resolve("@observablehq/framework/package.json"));
const observableBin = () => join(frameworkDir(), "dist/bin/observable.js");
// Framework runs TypeScript data loaders with the `tsx` on PATH.
const binPath = () => [join(frameworkDir(), "../../.bin"), process.env.PATH].join(delimiter);

export class SiteError extends Error {}

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [observableBin(), ...args], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, PATH: binPath(), OBSERVABLE_TELEMETRY_DISABLE: "true", ...env },
    });
    child.on("error", rej);
    child.on("exit", (code, signal) => res(code ?? (signal ? 128 : 1)));
  });
}

/** Loader output is cached by Framework against the loader's source, not the warehouse: drop it. */
export function clearLoaderCache(root = "src") {
  rmSync(resolve(root, ".observablehq/cache/data"), { recursive: true, force: true });
}

export async function buildSite(opts: { out?: string; warehouse: string; progress?: Progress }) {
  const progress = opts.progress ?? new Progress();
  const out = resolve(opts.out ?? "dist");
  const tmp = `${out}.tmp-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  clearLoaderCache();
  rmSync(tmp, { recursive: true, force: true });
  const code = await progress.step("Building the site", () =>
    run(["build"], { TIERBOARD_DIST: tmp, TIERBOARD_WAREHOUSE: resolve(opts.warehouse) }),
  );
  if (code !== 0 || !existsSync(join(tmp, "index.html"))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new SiteError(`the site build failed (exit ${code}); the previous ${out} was kept`);
  }
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
  progress.info(`Site: ${out}`);
}

export async function previewSite(opts: { warehouse: string }) {
  clearLoaderCache();
  return run(["preview", "--no-open"], { TIERBOARD_WAREHOUSE: resolve(opts.warehouse) });
}
