// The customers page's first screen: the largest customers (the full list loads on search).
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("customers-first.json"));
