// The customers page's first screen: the largest customers (the full list loads on search).
import { customersFirst } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await customersFirst()));
