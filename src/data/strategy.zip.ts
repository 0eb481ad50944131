// The Customer strategy page's data: main.json (periods, settings, class counts, moves, cohorts,
// coverage) and the action list, churn warnings, lost customers and share matrix, each by column.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("strategy.zip"));
