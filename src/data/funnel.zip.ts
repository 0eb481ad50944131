// The funnel's data: main.json for everyone and per department, salespeople.json per salesperson.
import { funnelParts } from "../../lib/site-data.ts";
import { zip } from "../../lib/xlsx-writer.ts";

process.stdout.write(zip(await funnelParts()));
