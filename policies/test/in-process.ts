// The test files, in one Node process: loading @pulumi/policy (and @pulumi/pulumi under it) takes
// about 2 s, so once instead of once per file. bin/test.mjs runs this file next to the files named in
// BERTH_OWN_PROCESS_TESTS (comma-separated: files that start processes of their own), which it leaves out.
import { readdirSync } from "node:fs";

const ownProcess = new Set((process.env.BERTH_OWN_PROCESS_TESTS ?? "").split(",").filter(f => f !== ""));
for (const file of readdirSync(__dirname).filter(f => f.endsWith(".test.ts") && !ownProcess.has(f)).sort()) {
    require(`./${file}`);
}
