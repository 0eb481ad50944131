// The Targets and service page's data: attainment per period and level, per month, and service against promise.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("targets.json"));
