/**
 * Every data file of the site, by its name under src/data, and how it is made from the
 * warehouse. The loaders in src/data write one each; `tierboard build` makes them all in one
 * process (lib/site.ts prefill) instead of one process per loader.
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readIngestSummary, withWarehouseAt } from "./marts.ts";
import { customers, customersFirst, explore, funnelParts, grades, growthParts, models, overview, pareto, receivables, splitParts, topn } from "./site-data.ts";
import { unzip } from "../loaders/xlsx.ts";
import { zip } from "./xlsx-writer.ts";

const json = (v: unknown) => JSON.stringify(v);

export const SITE_FILES: Record<string, () => Promise<Uint8Array | string>> = {
  "customers-first.json": async () => json(await customersFirst()),
  "customers.json": async () => json(await customers()),
  "explore.json": async () => json(await explore()),
  "funnel.zip": async () => zip(await funnelParts()),
  "grades.zip": async () => zip(await splitParts(await grades())),
  "growth.zip": async () => zip(await growthParts()),
  "ingest.json": async () => json(await readIngestSummary()),
  "models.json": async () => json(await models()),
  "overview.zip": async () => zip(await splitParts(await overview())),
  "pareto.json": async () => json(await pareto()),
  "receivables.json": async () => json(await receivables()),
  "topn.json": async () => json(await topn()),
};

/** The data the key charts need (src/components/charts.ts chartData), read from the site's own files. */
export function chartSources(files: Map<string, Uint8Array | string>): Record<string, unknown> {
  const text = (name: string) => {
    const v = files.get(name);
    if (v === undefined) throw new Error(`internal: site file ${name} was not made`);
    return typeof v === "string" ? v : Buffer.from(v).toString("utf8");
  };
  const member = (name: string, entry: string) => JSON.parse(unzip(Buffer.from(files.get(name) as Uint8Array), name).get(entry)!().toString("utf8"));
  return {
    overview: member("overview.zip", "main.json"),
    pareto: JSON.parse(text("pareto.json")),
    topn: JSON.parse(text("topn.json")),
    receivables: JSON.parse(text("receivables.json")),
    funnel: member("funnel.zip", "main.json"),
    "growth/month-none": member("growth.zip", "month-none.json"),
  };
}

/**
 * Writes every data file where Framework keeps loader output (.observablehq/cache/data under
 * the source root), dated after the loaders, so that Framework's build finds them fresh and
 * starts no loader process: one process instead of a dozen cold starts. Returns the files.
 */
export async function prefillLoaderCache(srcRoot: string, warehouse: string): Promise<Map<string, Uint8Array | string>> {
  const cache = join(srcRoot, ".observablehq", "cache", "data");
  const made = new Map<string, Uint8Array | string>();
  await withWarehouseAt(warehouse, async () => {
    const later = new Date(Date.now() + 1000);
    for (const [name, make] of Object.entries(SITE_FILES)) {
      const file = join(cache, name);
      const data = await make();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, data);
      utimesSync(file, later, later);
      made.set(name, data);
    }
  });
  return made;
}
