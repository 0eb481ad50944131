import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { SITE_FILES } from "./site-files.ts";

test("every data loader in src/data writes its own entry of SITE_FILES, and every entry has its loader", () => {
  const dir = join(import.meta.dirname, "../src/data");
  const loaders = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  expect(loaders.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual(Object.keys(SITE_FILES).sort());
  for (const f of loaders) expect(readFileSync(join(dir, f), "utf8")).toContain(`SITE_FILES["${f.replace(/\.ts$/, "")}"]`);
});
