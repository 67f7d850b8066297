// `npm test`: the type check (tsc --noEmit) and the tests (node --test) run at the same time; the
// command fails when either fails. Each one's output is printed whole. The test files run in two
// processes side by side: test/in-process.ts loads every file that needs no process of its own (the
// pack's modules load once, not once per file: 11 s less CPU), and each file in OWN_PROCESS, whose
// tests start the CLI, runs alone.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pack = join(dirname(fileURLToPath(import.meta.url)), "..");
const OWN_PROCESS = ["offline.test.ts"];
const all = readdirSync(join(pack, "test")).filter((f) => f.endsWith(".test.ts"));
for (const f of OWN_PROCESS) {
    if (!all.includes(f)) throw new Error(`bin/test.mjs: test/${f} in OWN_PROCESS does not exist`);
}
const files = ["test/in-process.ts", ...OWN_PROCESS.map((f) => join("test", f))];

function run(name, command, args) {
    return new Promise((resolve) => {
        const env = { ...process.env, BERTH_OWN_PROCESS_TESTS: OWN_PROCESS.join(",") };
        const child = spawn(command, args, { cwd: pack, env, shell: process.platform === "win32" });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (code) => resolve({ name, code: code ?? 1, output }));
    });
}

const results = await Promise.all([
    run("tests", process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${files.length}`, ...files]),
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
