import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exportFonts, findCjkFont, MISSING_CJK_FONT, svgToPng } from "./chart-exports.ts";

describe("fonts for the PNG exports", () => {
  test("finds a font that draws Chinese among the system's fonts, in subfolders too", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-fonts-"));
    mkdirSync(join(root, "truetype", "dejavu"), { recursive: true });
    writeFileSync(join(root, "truetype", "dejavu", "DejaVuSans.ttf"), "");
    expect(findCjkFont([root])).toBeNull();
    mkdirSync(join(root, "opentype", "noto"), { recursive: true });
    writeFileSync(join(root, "opentype", "noto", "NotoSansCJK-Regular.ttc"), "");
    expect(findCjkFont([root])).toBe(join(root, "opentype", "noto", "NotoSansCJK-Regular.ttc"));
  });

  test("draws with the regular and bold of a sans-serif for Chinese, then of a Latin one; not serif, mono or other weights", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-fonts-"));
    const put = (dir: string, names: string[]) => {
      mkdirSync(join(root, dir), { recursive: true });
      for (const n of names) writeFileSync(join(root, dir, n), "");
    };
    put("truetype/dejavu", ["DejaVuSans-Bold.ttf", "DejaVuSans-ExtraLight.ttf", "DejaVuSans.ttf", "DejaVuSansMono.ttf", "DejaVuSerif.ttf"]);
    expect(exportFonts([root])).toEqual([join(root, "truetype/dejavu/DejaVuSans.ttf"), join(root, "truetype/dejavu/DejaVuSans-Bold.ttf")]);
    put("opentype/noto", ["NotoSansCJK-Bold.ttc", "NotoSansCJK-DemiLight.ttc", "NotoSansCJK-Regular.ttc", "NotoSansMonoCJKsc-Regular.otf", "NotoSerifCJK-Regular.ttc"]);
    expect(exportFonts([root])).toEqual([
      join(root, "opentype/noto/NotoSansCJK-Regular.ttc"),
      join(root, "opentype/noto/NotoSansCJK-Bold.ttc"),
      join(root, "truetype/dejavu/DejaVuSans.ttf"),
      join(root, "truetype/dejavu/DejaVuSans-Bold.ttf"),
    ]);
    const windows = mkdtempSync(join(tmpdir(), "tb-fonts-"));
    for (const n of ["arial.ttf", "arialbd.ttf", "msyh.ttc", "msyhbd.ttc", "msyhl.ttc", "simsun.ttc"]) writeFileSync(join(windows, n), "");
    expect(exportFonts([windows]).map((f) => f.slice(windows.length + 1))).toEqual(["msyh.ttc", "msyhbd.ttc", "arial.ttf", "arialbd.ttf"]);
  });

  test("a machine without one is told which package to install", () => {
    expect(findCjkFont([join(tmpdir(), "no-such-font-dir")])).toBeNull();
    expect(MISSING_CJK_FONT).toMatch(/apt-get install fonts-noto-cjk/);
  });
});

test("the PNG exports draw Chinese text with glyphs, not .notdef boxes (with a font for it on the machine)", async () => {
  // Characters a font lacks are all drawn as the same box (or nothing); drawn glyphs differ from each other and from a private-use character no font has.
  const png = (text: string) => svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="28" font-size="24" font-family="sans-serif">${text}</text></svg>`);
  if (!findCjkFont()) {
    // Without a font the build says which to install (publish/chart-exports.ts writeChartExports); this machine cannot show more.
    expect(MISSING_CJK_FONT).toMatch(/fonts-noto-cjk/);
    return;
  }
  const [sales, amount, missing] = [await png("销售额"), await png("客户等级"), await png("\ue000\ue001\ue002")];
  expect(sales.equals(amount)).toBe(false);
  expect(sales.equals(missing)).toBe(false);
  expect((await png("销")).equals(await png("额"))).toBe(false);
});

test("the PNG exports draw bold text (titles, legends) with a bold font, not the regular one", async () => {
  const text = (weight: string) => svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><text x="4" y="28" font-size="20" font-family="sans-serif" font-weight="${weight}">Revenue 销售额</text></svg>`);
  // A machine without fonts draws no text at all; the build warns about Chinese (above).
  if (exportFonts().length < 2) return;
  expect((await text("bold")).equals(await text("normal"))).toBe(false);
});
