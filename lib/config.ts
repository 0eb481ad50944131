/**
 * tierboard.yml: what the published site shows and to whom. Model parameters (grading cuts,
 * fiscal year) stay in dbt_project.yml's vars, so that dbt can run the same models.
 */
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { columnsOf } from "./schema.ts";
import { formatIssues, UserError } from "./errors.ts";

export class ConfigError extends UserError {}

export const CONFIG_FILE = "tierboard.yml";

/** Where a model run writes compiled SQL and manifest.json; TIERBOARD_TARGET moves it (tests build in temp folders). */
export const targetDir = () => process.env.TIERBOARD_TARGET ?? "target";

const customerColumns = columnsOf("customers").filter((c) => c.name !== "customer_id" && c.name !== "customer_name");
/** Customer columns a site may publish; contact details are among them but off by default. */
export const CUSTOMER_FIELDS = customerColumns.map((c) => c.name) as [string, ...string[]];
export const DEFAULT_CUSTOMER_FIELDS = customerColumns.filter((c) => !c.contact).map((c) => c.name);

const Audience = z
  .object({
    title: z.string().optional().describe("what the site's header says, e.g. 华东销售部"),
    departments: z.array(z.string().min(1)).default([]),
    salespeople: z.array(z.string().min(1)).default([]),
    include_sub_departments: z.boolean().default(true),
  })
  .strict()
  .refine((a) => a.departments.length + a.salespeople.length > 0, { message: "an audience names at least one department or salesperson" });

export const ConfigSchema = z
  .object({
    locale: z.enum(["en", "zh-CN"]).default("en"),
    currency: z.string().regex(/^[A-Z]{3}$/, "a three-letter currency code such as CNY, USD or EUR").default("CNY"),
    publish: z
      .object({
        customer_fields: z.array(z.enum(CUSTOMER_FIELDS)).default(DEFAULT_CUSTOMER_FIELDS),
      })
      .strict()
      .default({ customer_fields: DEFAULT_CUSTOMER_FIELDS }),
    // DuckDB's working memory and threads for every command (lib/duckdb.ts says the defaults and why).
    warehouse: z
      .object({
        memory_limit: z.string().regex(/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i, "an amount such as 2GB or 1500MB").optional(),
        threads: z.number().int().min(1).max(256).optional(),
      })
      .strict()
      .default({}),
    audiences: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, - and _"), Audience).default({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type AudienceConfig = Config["audiences"][string];

export function loadConfig(path = process.env.TIERBOARD_CONFIG ?? CONFIG_FILE): Config {
  if (!existsSync(path)) return ConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8")) ?? {};
  } catch (e) {
    throw new ConfigError(`${path} is not valid YAML: ${(e as Error).message}`);
  }
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(`${path} has errors:\n${formatIssues(r.error.issues)}`);
  return r.data;
}
