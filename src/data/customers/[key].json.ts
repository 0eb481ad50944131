// The customers whose detail file key is --key (one JSON line each), for `npm run dev`; `tierboard build` writes them all at once.
import { parseArgs } from "node:util";
import { detailFileOutput } from "../../../publish/loaders.ts";

const { values } = parseArgs({ options: { key: { type: "string" } } });
process.stdout.write(await detailFileOutput(values.key ?? ""));
