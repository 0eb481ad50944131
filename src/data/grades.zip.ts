// The grades page's data: main.json for the first screen, salespeople.json when a salesperson is chosen.
import { grades, splitParts } from "../../lib/site-data.ts";
import { zip } from "../../lib/xlsx-writer.ts";

process.stdout.write(zip(await splitParts(await grades())));
