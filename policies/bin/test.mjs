// `npm test`: the type check (tsc --noEmit) and the tests (node --test, test files in parallel) run at
// the same time; the command fails when either fails. Each one's output is printed whole.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pack = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = readdirSync(join(pack, "test")).filter((f) => f.endsWith(".test.ts")).sort().map((f) => join("test", f));
// test files mostly wait on loading modules: run more of them than there are CPUs
const concurrency = Math.max(4, availableParallelism() * 2);

function run(name, command, args) {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: pack, shell: process.platform === "win32" });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (code) => resolve({ name, code: code ?? 1, output }));
    });
}

const results = await Promise.all([
    run("tests", process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...files]),
    run("type check (tsc --noEmit)", process.execPath, [join(pack, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."]),
]);
let failed = false;
for (const r of results) {
    process.stdout.write(r.output);
    if (r.code !== 0) {
        console.error(`policy pack: ${r.name} failed (exit code ${r.code})`);
        failed = true;
    }
}
process.exit(failed ? 1 : 0);
