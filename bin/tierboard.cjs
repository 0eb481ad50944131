#!/usr/bin/env node
"use strict";
// The `tierboard` command. CommonJS, unlike the rest, for one reason: the node client runs each
// DuckDB call on one of libuv's pool threads, and glibc gives each thread that allocates an arena
// of its own, which keeps memory DuckDB freed. With libuv's four pool threads a 10M-line model run
// under DuckDB's 2 GB limit peaked at 2770-3579 MB (RSS, three runs); with two, or one, at
// 2547-2655 MB (three runs), in the same time. (A whole build still reached 3375 MB until the customer
// pages' latest orders stopped being held as one list per customer: the README's memory row of issue
// 14's targets.) libuv sizes the pool from UV_THREADPOOL_SIZE when
// the first task is queued, and an ES module entry point has queued one before its first line runs
// (the module loader reads files asynchronously); a CommonJS one has not.
// A size the user set stands.
if (process.env.UV_THREADPOOL_SIZE === undefined) {
  process.env.UV_THREADPOOL_SIZE = "2"; // two: a file read or written while a query runs need not wait for it
  require("node:fs").access(__filename, () => {}); // queues the first task: the pool starts now
  // Child processes (Framework's build, the browser) keep libuv's default.
  delete process.env.UV_THREADPOOL_SIZE;
}

// A closed pipe (`tierboard query ... | head`) is not an error.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

(async () => {
  // The CLI is TypeScript; tsx runs it without a build step.
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../cli/main.ts");
  process.exitCode = await main(process.argv.slice(2));
})();
