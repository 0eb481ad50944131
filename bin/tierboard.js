#!/usr/bin/env node
// The CLI is TypeScript; tsx runs it without a build step.
import { register } from "tsx/esm/api";

register();
// A closed pipe (`tierboard query ... | head`) is not an error.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
