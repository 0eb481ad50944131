/**
 * The analyst's loop in `npm run dev`: with the dev server open on a page, `tierboard run` with
 * another var must change what the open page shows within seconds, without a reload by hand;
 * and a customer's page works in dev as in the built site.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { hasChromium, launchBrowser } from "../lib/browser.ts";
import { queryFile } from "../lib/duckdb.ts";
import { withLock } from "../lib/lock.ts";
import { silent } from "../lib/progress.ts";
import { generateSample } from "../sample/generate.ts";

const repo = resolve(import.meta.dirname, "..");
const root = mkdtempSync(join(tmpdir(), "tb-dev-"));
const warehouse = join(root, "warehouse.duckdb");
const env = { ...process.env, TIERBOARD_TARGET: join(root, "target"), OBSERVABLE_TELEMETRY_DISABLE: "true" };
const cli = (...args: string[]) => execFileSync(process.execPath, [join(repo, "bin/tierboard.cjs"), ...args], { cwd: repo, env, stdio: "pipe" });
const run = hasChromium() || process.env.CI ? describe : describe.skip;

run("tierboard dev", () => {
  let browser: Browser;
  let dev: ChildProcess;
  let url: string;
  let release: () => void;
  let held: Promise<void>;

  beforeAll(async () => {
    await generateSample({ out: join(root, "exports"), customers: 200, orderLines: 3000, progress: silent });
    cli("ingest", "--source", join(root, "exports"), "--warehouse", warehouse);
    cli("run", "--warehouse", warehouse);
    // The dev server shares src/'s loader cache with site builds: other tests' builds wait for it.
    await new Promise<void>((locked) => {
      held = withLock(join(repo, "src/.observablehq/site-build"), "dev test", () => new Promise<void>((r) => { release = r; locked(); }), { wait: true });
    });
    const port = 4100 + Math.floor(Math.random() * 800);
    url = `http://127.0.0.1:${port}`;
    dev = spawn(process.execPath, [join(repo, "bin/tierboard.cjs"), "dev", "--warehouse", warehouse, "--port", String(port)], { cwd: repo, env, stdio: "ignore", detached: true });
    for (let i = 0; i < 120; i++) {
      if (await fetch(url).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (dev?.pid) try { process.kill(-dev.pid, "SIGTERM"); } catch { /* already gone */ }
    release?.();
    await held;
  });

  test("a model run shows on the open Grades page within seconds", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/grades`);
    const rule = page.locator("li", { hasText: "customers ranked by revenue" });
    await rule.waitFor({ timeout: 120_000 });
    expect(await rule.textContent()).toContain("below 80% of the total");
    const before = await queryFile<{ n: number }>(warehouse, "select count(*)::int as n from customer_grades where period = 'T12M' and abc_grade = 'A'");

    cli("run", "--warehouse", warehouse, "--vars", "{abc_a_cut: 0.5}");
    const after = await queryFile<{ n: number }>(warehouse, "select count(*)::int as n from customer_grades where period = 'T12M' and abc_grade = 'A'");
    expect(after[0]!.n).toBeLessThan(before[0]!.n);
    // No reload: Framework pushes the re-run loader's output to the open page.
    await page.waitForFunction(() => document.body.innerText.includes("below 50% of the total"), undefined, { timeout: 60_000 });
  }, 180_000);

  test("a customer's page opens in dev, from its own detail file", async () => {
    const [top] = await queryFile<{ customer_id: string; customer_name: string }>(warehouse,
      "select customer_id, customer_name from customer_grades where period = 'T12M' order by revenue desc, customer_id limit 1");
    const page = await browser.newPage();
    const response = page.waitForResponse((r) => r.url().includes("/_file/data/customers/"));
    await page.goto(`${url}/customer?id=${encodeURIComponent(top!.customer_id)}`);
    expect((await response).status()).toBe(200);
    await page.waitForFunction((name) => document.querySelector("h1")?.textContent?.includes(name), top!.customer_name, { timeout: 60_000 });
  }, 120_000);
});
