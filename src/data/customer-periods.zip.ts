// Every customer's grade, bands and revenue per period (customer-periods/rows.json, columnar),
// for the Customers list in another period and the drill-downs into it.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("customer-periods.zip"));
