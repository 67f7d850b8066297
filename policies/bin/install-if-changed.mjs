// `npm ci` in a package folder (the argument; default: the policy pack) only when its package-lock.json
// changed since the last install there: the stamp (node_modules/.berth-install-stamp) holds the lock
// file's SHA-256, written after a successful install. (A dependency changed in package.json alone makes
// npm ci fail on the stale lock file: update the lock.) Used by `mvn verify` for the policy pack and
// graph-check/; `npm ci` wipes node_modules, so a stale stamp cannot survive it.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[2] ? resolve(process.argv[2]) : join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(dir, "node_modules", ".berth-install-stamp");
const want = createHash("sha256").update(readFileSync(join(dir, "package-lock.json"))).digest("hex");
if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === want) {
    console.log(`${basename(dir)}: dependencies up to date (package-lock.json unchanged since the last npm ci)`);
    process.exit(0);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
if (result.status !== 0) {
    process.exit(result.status ?? 1);
}
writeFileSync(stamp, want + "\n");
