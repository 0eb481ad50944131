import { describe, expect, test } from "vitest";
import { summary, TARGETS, verdict, type ScaleFigures } from "./targets.ts";

const stage = (name: string, wall_s: number, peak_rss_mb: number, ok = true) => ({ stage: name, wall_s, cpu_s: wall_s * 1.5, peak_rss_mb, ok });

const oneMillion: ScaleFigures = {
  order_lines: 1_000_000,
  stages: [stage("ingest", 6, 600), stage("models", 15, 900), stage("whole build", 28.5, 1100), stage("floor (plain DuckDB)", 1.5, 700)],
  floor_ms: { read_ms: 500, compute_ms: 700 },
  ratio_to_floor: { ingest: 12, models_and_tests: 25, ingest_plus_models: 17.5 },
  incremental_month_steps_s: { models: 10 },
  memory_curve: [{ limit: "2GB", wall_s: 15, peak_rss_mb: 1000, ok: true }],
};

const tenMillion: ScaleFigures = {
  order_lines: 10_000_000,
  stages: [
    stage("ingest", 46, 1800),
    stage("models", 120, 2500),
    stage("whole build", 198, 2600),
    // Plain DuckDB's memory is not Tierboard's: it must not count as the peak.
    stage("floor (plain DuckDB)", 12, 3500),
    stage("incremental: one more month, whole build", 104, 2200),
  ],
  floor_ms: { read_ms: 5000, compute_ms: 6000 },
  ratio_to_floor: { ingest: 9, models_and_tests: 22, ingest_plus_models: 15.1 },
  incremental_month_steps_s: { models: 66, "customer files": 11 },
  // Nor does the curve's run at a limit above the default.
  memory_curve: [{ limit: "19284MB (80% of RAM)", wall_s: 117, peak_rss_mb: 4800, ok: true }],
};

describe("the targets of a bench run", () => {
  test("a figure at or under its limit is met, with what is left to spare; above it, missed by how many times", () => {
    const whole1M = TARGETS.find((t) => t.what.startsWith("1M lines"))!;
    expect(verdict(28.5, whole1M)).toBe("met (1.5 s to spare)");
    expect(verdict(30, whole1M)).toBe("met (0 s to spare)");
    expect(verdict(30.1, whole1M)).toBe("missed by 0.1 s (1.0 times the target)");
    expect(verdict(15.1, TARGETS.find((t) => t.unit === "x")!)).toBe("missed: 5.0 times the target");
    expect(verdict(104, TARGETS.find((t) => t.what.includes("one more month"))!)).toBe("missed by 84 s (5.2 times the target)");
  });

  test("each target reads its own scale's figure, and the peak is the highest of Tierboard's own stages", () => {
    const { targets } = summary([oneMillion, tenMillion], "2026-12-03T20:00:00Z", "2 cores");
    expect(targets.map((t) => [t.what, t.value])).toEqual([
      ["1M lines, whole `build`", 28.5],
      ["1M, ingest + models / the floor", 17.5],
      ["10M, ingest + models / the floor", 15.1],
      ["10M lines, whole `build`", 198],
      ["10M, peak memory (default settings; the highest stage)", 2600],
      ["10M, one more month of exports, whole `build`", 104],
    ]);
    expect(targets.find((t) => t.what.startsWith("10M, peak"))!.verdict).toBe("met (472 MB to spare)");
  });

  test("a scale not measured leaves its targets out, and a failed stage is not measured rather than met", () => {
    const failed = { ...oneMillion, stages: oneMillion.stages.map((s) => (s.stage === "whole build" ? { ...s, ok: false } : s)) };
    const { targets, md } = summary([failed], "2026-12-03T20:00:00Z", "2 cores");
    expect(targets.map((t) => t.what)).toEqual(["1M lines, whole `build`", "1M, ingest + models / the floor"]);
    expect(targets[0]!.verdict).toBe("not measured (a stage failed or was left out)");
    expect(md).toContain("| whole build | 28.5 (FAILED) | 1100 |");
  });

  test("the stages, ratios and memory curve of the scales are set side by side, a stage one scale lacks left blank", () => {
    const { md } = summary([oneMillion, tenMillion], "2026-12-03T20:00:00Z", "2 cores");
    expect(md).toContain("### 1M and 10M order lines side by side (2026-12-03, 2 cores)");
    expect(md).toContain("| ingest | 6 | 600 | 46 | 1800 |");
    expect(md).toContain("| incremental: one more month, whole build | – | – | 104 | 2200 |");
    expect(md).toContain("| ingest + models / read + compute | 17.5x | 15.1x |");
    expect(md).toContain("| the floor's read + compute, s | 1.2 | 11 |");
    expect(md).toContain("| 2GB | 15 / 1000 | – |");
    expect(md).toContain("One more month at 10M, where the whole build's time went (s): models 66, customer files 11.");
    expect(md).toContain("| 10M, one more month of exports, whole `build` | 347 s | 104 s | <= 20 s | missed by 84 s (5.2 times the target) |");
  });
});
