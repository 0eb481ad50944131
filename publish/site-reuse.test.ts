import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { zip } from "../lib/zip.ts";
import { BUILD_RECORD, pagesKey, recordBuild, reuseBuild, siteDataFiles } from "./site-reuse.ts";

/** A site as Framework writes it: two pages loading two data files by registerFile. */
function site(root: string) {
  const files: Record<string, string> = {
    "index.html": `<script type="module">registerFile("./data/topn.json", {"name":"./data/topn.json","mimeType":"application/json","path":"./_file/data/topn.11111111.json","lastModified":1,"size":7});</script>`,
    "embed/growth.html": `<script type="module">registerFile("../data/growth/month-none.json", {"name":"../data/growth/month-none.json","mimeType":"application/json","path":"../_file/data/growth/month-none.22222222.json","lastModified":1,"size":9});</script>`,
    "_file/data/topn.11111111.json": `{"a":1}`,
    "_file/data/growth/month-none.22222222.json": `{"b":[1]}`,
    "_observablehq/client.abcdef12.js": "// bundled",
    "_file/data/customers/1.json": "{}\n",
  };
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), body);
  }
  return root;
}

const pageFiles = (topn: string, growth: string) =>
  new Map<string, Uint8Array | string>([
    ["topn.json", topn],
    ["growth.zip", zip([{ name: "month-none.json", data: Buffer.from(growth) }])],
  ]);

describe("reusing the last site's pages when only their data changed", () => {
  test("a changed data file gets a new name, and the pages that load it point at it with its size; an unchanged one stays", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-reuse-"));
    const before = site(join(root, "before"));
    const data = siteDataFiles(pageFiles(`{"a":1}`, `{"b":[1,2,3]}`));
    expect([...data.keys()]).toEqual(["topn.json", "growth/month-none.json"]);
    recordBuild(before, "k1", [...data.keys()]);
    expect(JSON.parse(readFileSync(join(before, BUILD_RECORD), "utf8")).data).toEqual({
      "topn.json": "_file/data/topn.11111111.json",
      "growth/month-none.json": "_file/data/growth/month-none.22222222.json",
    });
    const after = join(root, "after");
    expect(reuseBuild(before, after, "k1", data)).toBe(true);
    // Unchanged: same name, same bytes.
    expect(readFileSync(join(after, "_file/data/topn.11111111.json"), "utf8")).toBe(`{"a":1}`);
    expect(readFileSync(join(after, "index.html"), "utf8")).toContain(`"path":"./_file/data/topn.11111111.json","lastModified":1,"size":7`);
    // Changed: a new name in the page (relative path kept), the new size, the old file gone.
    const html = readFileSync(join(after, "embed/growth.html"), "utf8");
    const path = /"path":"\.\.\/(_file\/data\/growth\/month-none\.[0-9a-f]{8}\.json)","lastModified":\d+,"size":13/.exec(html)?.[1];
    expect(path).toBeDefined();
    expect(path).not.toContain("22222222");
    expect(readFileSync(join(after, path!), "utf8")).toBe(`{"b":[1,2,3]}`);
    expect(existsSync(join(after, "_file/data/growth/month-none.22222222.json"))).toBe(false);
    // Framework's bundles come along; customer files do not (they are written for each build).
    expect(existsSync(join(after, "_observablehq/client.abcdef12.js"))).toBe(true);
    expect(existsSync(join(after, "_file/data/customers"))).toBe(false);
    // The new site's record lists its own pages, for the build after it.
    expect(JSON.parse(readFileSync(join(after, BUILD_RECORD), "utf8")).pages).toEqual(["_file/data/growth/" + path!.split("/").pop(), "_file/data/topn.11111111.json", "_observablehq/client.abcdef12.js", "embed/growth.html", "index.html"]);
    // The last site is untouched.
    expect(statSync(join(before, "_file/data/growth/month-none.22222222.json")).size).toBe(9);
  });

  test("other sources, a page missing since the site was built, or a reference the pages do not hold, build in full", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-reuse-"));
    const before = site(join(root, "before"));
    const data = siteDataFiles(pageFiles(`{"a":2}`, `{"b":[1]}`));
    recordBuild(before, "k1", [...data.keys()]);
    expect(reuseBuild(before, join(root, "other-key"), "k2", data)).toBe(false);
    expect(existsSync(join(root, "other-key"))).toBe(false);
    // A site that lost a page since it was recorded (removed while it was copied, say) is not a whole copy.
    rmSync(join(before, "_observablehq"), { recursive: true });
    expect(reuseBuild(before, join(root, "incomplete"), "k1", data)).toBe(false);
    expect(existsSync(join(root, "incomplete"))).toBe(false);
    recordBuild(before, "k1", [...data.keys()]);
    writeFileSync(join(before, "index.html"), "<p>no registerFile here</p>");
    expect(reuseBuild(before, join(root, "lost-reference"), "k1", data)).toBe(false);
    expect(existsSync(join(root, "lost-reference"))).toBe(false);
  });

  test("the pages' key follows the site's sources, settings and the data files' names, not their contents", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-reuse-"));
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src", "index.md"), "# Overview");
    const key = (names: string[], locale = "en") => pagesKey({ srcRoot: join(root, "src"), files: [], settings: { TIERBOARD_LOCALE: locale }, dataNames: names });
    const k = key(["a.json"]);
    expect(key(["a.json"])).toBe(k);
    expect(key(["a.json"], "zh-CN")).not.toBe(k);
    expect(key(["a.json", "b.json"])).not.toBe(k);
    writeFileSync(join(root, "src", "index.md"), "# Overview!");
    expect(key(["a.json"])).not.toBe(k);
  });

  test("the pages' key is the same for the same project at another path, and follows its settings files' contents", () => {
    const project = (config: string) => {
      const root = mkdtempSync(join(tmpdir(), "tb-reuse-"));
      mkdirSync(join(root, "src"));
      writeFileSync(join(root, "src", "index.md"), "# Overview");
      writeFileSync(join(root, "tierboard.yml"), config);
      return pagesKey({ srcRoot: join(root, "src"), files: [join(root, "tierboard.yml")], settings: { TIERBOARD_LOCALE: "en" }, dataNames: ["a.json"] });
    };
    expect(project("locale: en\n")).toBe(project("locale: en\n"));
    expect(project("locale: zh-CN\n")).not.toBe(project("locale: en\n"));
  });
});
