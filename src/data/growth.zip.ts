// period_comparison cut by grain and breakdown (growth/<grain>-<breakdown>.json), loaded on demand.
import { growthParts } from "../../lib/site-data.ts";
import { zip } from "../../lib/xlsx-writer.ts";

process.stdout.write(zip(await growthParts()));
