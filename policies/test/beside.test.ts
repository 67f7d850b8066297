// bin/beside.mjs: `mvn verify` starts the pack's tests beside Surefire and collects them afterwards.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const BESIDE = join(__dirname, "..", "bin", "beside.mjs");
const beside = (...args: string[]) => spawnSync(process.execPath, [BESIDE, ...args], { encoding: "utf8" });
const fresh = () => mkdtempSync(join(tmpdir(), "beside-"));

describe("bin/beside.mjs", () => {
    it("collects the command's output and exit code", () => {
        const dir = fresh();
        assert.equal(beside("start", dir, "t", "--", "sh", "-c", "echo from the command; exit 3").status, 0);
        const collected = beside("await", dir, "t");
        assert.equal(collected.status, 3);
        assert.equal(collected.stdout, "from the command\n");
        assert.equal(collected.stderr, "t: failed (exit code 3)\n");
    });

    it("does nothing when -Dtest selects JUnit tests, and runs when the property is unset", () => {
        const dir = fresh();
        const skipped = beside("start", dir, "t", "--selected", "FooTest", "--", "sh", "-c", "exit 1");
        assert.equal(skipped.status, 0);
        assert.equal(skipped.stdout, "t: skipped (-Dtest=FooTest selects JUnit tests only)\n");
        assert.equal(existsSync(join(dir, "t.log")), false);
        assert.equal(beside("await", dir, "t", "--selected", "FooTest").status, 0);
        // Maven leaves an unset -Dtest as the literal "${test}": the run goes ahead
        assert.match(beside("start", dir, "t", "--selected", "${test}", "--", "sh", "-c", "echo ran").stdout, /^t: started beside the build/);
        const collected = beside("await", dir, "t", "--selected", "${test}");
        assert.equal(collected.status, 0);
        assert.equal(collected.stdout, "ran\n");
    });

    it("fails when there is no run to collect", () => {
        const collected = beside("await", fresh(), "t");
        assert.equal(collected.status, 1);
        assert.match(collected.stderr, /^t: no run to await in .* \(it was not started, or it was stopped\): run the build again\n$/);
    });

    it("stops the run when the process that started it exits without collecting it", () => {
        const dir = fresh();
        // the starter's parent (standing in for Maven) exits after a moment; the command would run 20 s
        spawnSync("sh", ["-c", `"${process.execPath}" "${BESIDE}" start "${dir}" t -- sh -c "sleep 20; echo late"; sleep 0.2`]);
        spawnSync("sleep", ["1.5"]);
        assert.equal(existsSync(join(dir, "t.pid")), false);
        assert.equal(beside("await", dir, "t").status, 1);
    });

    it("refuses a time-out that is not a number of seconds", () => {
        const collected = beside("await", fresh(), "t", "soon");
        assert.equal(collected.status, 2);
        assert.match(collected.stderr, /the timeout must be a number of seconds above 0, got "soon"/);
    });
});
