// The guardrail table of README.md, built from the policies and the per-environment config files
// so the documentation cannot drift from the pack (test/pack.test.ts compares them).
import { EnforcementLevel } from "@pulumi/policy";
import { BerthPolicy, referenceOf, summaryOf } from "../util";
import { levelOf, PolicyPackConfig, settingsOf } from "./check";

export const ENVIRONMENTS = ["dev", "beta", "prod"] as const;

function cell(policy: BerthPolicy, config: PolicyPackConfig): string {
    const level: EnforcementLevel = levelOf(policy, config);
    const own = config[policy.name];
    const given = typeof own === "object" && own !== null ? Object.keys(own).filter(k => k !== "enforcementLevel") : [];
    const settings = settingsOf(policy, config);
    const shown = given
        .filter(k => typeof settings[k] !== "object") // lists are in the config files
        .map(k => `${k}=${settings[k]}`);
    return shown.length > 0 ? `${level} (${shown.join(", ")})` : level;
}

export function guardrailTable(policies: readonly BerthPolicy[], configs: Record<(typeof ENVIRONMENTS)[number], PolicyPackConfig>): string {
    const rows = [
        "| # | guardrail | reference | what it checks | kind | dev | beta | prod |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ];
    policies.forEach((p, i) => {
        const kind = typeof (p as any).validateStack === "function" ? "stack" : "resource";
        const levels = ENVIRONMENTS.map(env => cell(p, configs[env]));
        rows.push(`| ${i + 1} | \`${p.name}\` | ${referenceOf(p)} | ${summaryOf(p).replace(/\|/g, "\\|")} | ${kind} | ${levels.join(" | ")} |`);
    });
    return rows.join("\n");
}
