// The customers page's first screen: the largest customers (the full list loads on search).
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["customers-first.json"]!());
