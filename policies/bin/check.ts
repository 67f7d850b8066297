// Offline guardrail check of a berth plan.
//
//   node --import tsx bin/check.ts <plan.json> [--config <policy-config.json>] [--json]
//
// --json prints the violations as one JSON array of {policy, level, resource, message} instead of
// the report (resource: the URN, "" for a stack violation); `./berth diff` reads it.
// Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 unreadable input.
import { readFileSync } from "node:fs";
import { checkPlan, exitCodeOf, formatReport, InputError, parseConfig, parsePlan, PolicyPackConfig } from "../src/offline/check";

const USAGE = "usage: node --import tsx bin/check.ts <plan.json> [--config <policy-config.json>] [--json]";

function parseArgs(argv: string[]): { plan: string; config?: string; json: boolean } {
    let plan: string | undefined;
    let config: string | undefined;
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--config") {
            config = argv[++i];
            if (!config) {
                throw new InputError("--config needs a file");
            }
        } else if (a.startsWith("--config=")) {
            config = a.slice("--config=".length);
        } else if (a === "--json") {
            json = true;
        } else if (a === "-h" || a === "--help") {
            console.log(USAGE);
            process.exit(0);
        } else if (a.startsWith("-")) {
            throw new InputError(`unknown option ${a}`);
        } else if (plan === undefined) {
            plan = a;
        } else {
            throw new InputError(`unexpected argument ${a}`);
        }
    }
    if (!plan) {
        throw new InputError("no plan file given");
    }
    return { plan, config, json };
}

function readJson(path: string, what: string): unknown {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (e) {
        throw new InputError(`cannot read ${what} ${path}: ${(e as Error).message}`);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new InputError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
    }
}

async function main(): Promise<number> {
    let files: { plan: string; config?: string; json: boolean };
    let plan;
    let config: PolicyPackConfig = {};
    try {
        files = parseArgs(process.argv.slice(2));
        plan = parsePlan(readJson(files.plan, "plan"));
        if (files.config) {
            const parsed = parseConfig(readJson(files.config, "config"));
            parsed.warnings.forEach(w => console.error(`warning: ${w}`));
            config = parsed.config;
        }
    } catch (e) {
        if (e instanceof InputError) {
            console.error(`error: ${e.message}`);
            console.error(USAGE);
            return 2;
        }
        throw e;
    }
    const result = await checkPlan(plan, config);
    if (files.json) {
        const rows = result.violations.map(v => ({ policy: v.policy, level: v.level, resource: v.urn ?? "", message: v.message }));
        console.log(JSON.stringify(rows, null, 2));
    } else {
        console.log(formatReport(result, files));
    }
    return exitCodeOf(result);
}

main().then(
    code => {
        process.exitCode = code;
    },
    e => {
        console.error(`error: ${(e as Error)?.stack ?? e}`);
        process.exitCode = 2;
    },
);
