// The funnel's data: main.json for everyone and per department, salespeople.json per salesperson.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("funnel.zip"));
