// `npm ci` only when package-lock.json changed since the last install: the stamp
// (node_modules/.berth-install-stamp) holds its SHA-256, written after a successful install. (A
// dependency changed in package.json alone makes npm ci fail on the stale lock file: update the lock.)
// Used by `mvn verify` (policy-pack-install); `npm ci` wipes node_modules, so a stale stamp cannot survive it.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pack = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(pack, "node_modules", ".berth-install-stamp");
const want = createHash("sha256").update(readFileSync(join(pack, "package-lock.json"))).digest("hex");
if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === want && existsSync(join(pack, "node_modules", "@pulumi", "policy"))) {
    console.log("policy pack: dependencies up to date (package-lock.json unchanged since the last npm ci)");
    process.exit(0);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: pack, stdio: "inherit" });
if (result.status !== 0) {
    process.exit(result.status ?? 1);
}
writeFileSync(stamp, want + "\n");
