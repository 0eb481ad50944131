// The topn page's data, read from the marts.
import { topn } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await topn()));
