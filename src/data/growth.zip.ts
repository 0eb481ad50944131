// period_comparison cut by grain and breakdown (growth/<grain>-<breakdown>.json), loaded on demand.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("growth.zip"));
