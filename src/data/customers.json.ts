// The customers page's data, read from the marts.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("customers.json"));
