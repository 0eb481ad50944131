// The overview's data: main.json for the first screen, salespeople.json when a salesperson is chosen.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("overview.zip"));
