// Explore's first screen: totals per value of each dimension (customer rows load when you combine).
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("explore.json"));
