// Runs a command beside the build and reports it later. `mvn verify` starts the policy pack's tests
// just before the JUnit tests, which leave part of a 2-core machine idle, and collects them afterwards:
//
//   node bin/beside.mjs start <dir> <name> [--selected <tests>] -- <command> [args...]   returns at once
//   node bin/beside.mjs await <dir> <name> [--selected <tests>] [timeout-seconds]     prints the output, exits with its code
//
// <dir> holds <name>.log (stdout and stderr), <name>.pid (the supervisor's, while it runs) and <name>.status
// (the exit code, written once the command finished). The run is stopped when the process that started it
// exits first: `mvn test` and a failed build start it but never await it. `--selected ${test}`: when Maven's
// -Dtest picks JUnit tests (the value is not the unresolved "${test}"), both steps do nothing.
// Linux and macOS (the run is stopped through its process group).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DEFAULT_TIMEOUT_SECONDS = 600;
const [mode, dir, name, ...args] = process.argv.slice(2);
let rest = args;
if (rest[0] === "--selected") {
    const selected = rest[1] ?? "";
    rest = rest.slice(2);
    if (selected !== "" && !selected.startsWith("${")) {
        console.log(`${name}: skipped (-Dtest=${selected} selects JUnit tests only)`);
        process.exit(0);
    }
}
if (!["start", "await", "supervise"].includes(mode) || !dir || !name) {
    console.error("usage: node bin/beside.mjs start <dir> <name> -- <command> [args...] | await <dir> <name> [timeout-seconds]");
    process.exit(2);
}
const file = (ext) => join(dir, `${name}.${ext}`);

function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** The supervisor's pid while it runs: a pid file left by a killed one may name another process since. */
function supervisorPid() {
    if (!existsSync(file("pid"))) {
        return undefined;
    }
    const pid = Number(readFileSync(file("pid"), "utf8"));
    if (!Number.isInteger(pid) || !alive(pid)) {
        return undefined;
    }
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("beside.mjs") ? pid : undefined;
    } catch {
        return pid; // no /proc (macOS): alive is all we can tell
    }
}

if (mode === "start") {
    const command = rest[0] === "--" ? rest.slice(1) : rest;
    if (command.length === 0) {
        console.error("beside.mjs start: no command after --");
        process.exit(2);
    }
    mkdirSync(dir, { recursive: true });
    const previous = supervisorPid();
    if (previous) {
        process.kill(previous, "SIGTERM"); // a run of an earlier build: its results would be stale
    }
    for (const ext of ["log", "status", "pid"]) {
        rmSync(file(ext), { force: true });
    }
    // the supervisor outlives this process; it watches the build (our parent) and stops the command with it
    const supervisor = spawn(process.execPath, [fileURLToPath(import.meta.url), "supervise", dir, name, String(process.ppid), ...command],
        { detached: true, stdio: "ignore", cwd: process.cwd() });
    writeFileSync(file("pid"), String(supervisor.pid));
    supervisor.unref();
    console.log(`${name}: started beside the build (${command.join(" ")}); its output: ${file("log")}`);
} else if (mode === "supervise") {
    const [watched, ...command] = rest;
    const log = openSync(file("log"), "w");
    const child = spawn(command[0], command.slice(1), { detached: true, stdio: ["ignore", log, log] });
    const stop = () => {
        try {
            process.kill(-child.pid, "SIGTERM"); // the command's whole process group (npm test starts several)
        } catch {
            // already gone
        }
    };
    process.on("SIGTERM", () => {
        stop();
        rmSync(file("pid"), { force: true });
        process.exit(143);
    });
    const watch = setInterval(() => {
        if (!alive(Number(watched))) {
            stop();
            rmSync(file("pid"), { force: true });
            process.exit(0); // nobody awaits this run: no status
        }
    }, 500);
    child.on("close", (code, signal) => {
        clearInterval(watch);
        writeFileSync(file("status.tmp"), String(code ?? (signal ? 128 : 1)));
        renameSync(file("status.tmp"), file("status")); // await sees a whole status or none
        rmSync(file("pid"), { force: true });
    });
} else {
    const timeoutSeconds = rest[0] ? Number(rest[0]) : DEFAULT_TIMEOUT_SECONDS;
    if (!(timeoutSeconds > 0)) {
        console.error(`beside.mjs await: the timeout must be a number of seconds above 0, got "${rest[0]}"`);
        process.exit(2);
    }
    const deadline = Date.now() + timeoutSeconds * 1000;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    while (!existsSync(file("status"))) {
        const pid = supervisorPid();
        if (pid === undefined) {
            await pause(); // the status may land between the two checks
            if (existsSync(file("status"))) {
                break;
            }
            console.error(`${name}: no run to await in ${dir} (it was not started, or it was stopped): run the build again`);
            process.exit(1);
        }
        if (Date.now() > deadline) {
            process.kill(pid, "SIGTERM");
            console.error(`${name}: still running after ${timeoutSeconds} s; stopped. Its output so far:`);
            process.stderr.write(readFileSync(file("log"), "utf8"));
            process.exit(1);
        }
        await pause();
    }
    process.stdout.write(readFileSync(file("log"), "utf8"));
    const code = Number(readFileSync(file("status"), "utf8"));
    if (code !== 0) {
        console.error(`${name}: failed (exit code ${code})`);
    }
    process.exit(code);
}
