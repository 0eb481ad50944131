// Runs a command as our child and stops it when the process that started us is gone, so a
// killed build leaves no orphaned site build writing into the loader cache. Plain JS: it must
// start without tsx.
import { spawn } from "node:child_process";

const parent = process.ppid;
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: "inherit" });
const stop = () => {
  child.kill("SIGKILL");
  process.exit(130);
};
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, stop);
const timer = setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    stop();
  }
}, 250);
child.on("exit", (code, signal) => {
  clearInterval(timer);
  process.exit(code ?? (signal ? 128 : 1));
});
