// The Customer strategy page's data: the action list with its moves, value classes, churn warnings, lost customers and cohorts.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("strategy.json"));
