import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { EnforcementLevel } from "@pulumi/policy";
import { allPolicies } from "../src/all";
import { levelOf, PolicyPackConfig } from "../src/offline/check";
import { ENVIRONMENTS, guardrailTable } from "../src/offline/table";
import { BERTH_FIXES } from "../src/fixes";
import { referenceOf } from "../src/util";

const ROOT = join(__dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const configs = Object.fromEntries(ENVIRONMENTS.map(env => [env, JSON.parse(read(`config/${env}.json`))])) as Record<
    (typeof ENVIRONMENTS)[number],
    PolicyPackConfig
>;

describe("the policy list", () => {
    it("has at least 25 guardrails with unique kebab-case names", () => {
        const names = allPolicies.map(p => p.name);
        assert.ok(names.length >= 25, `${names.length} policies`);
        assert.equal(new Set(names).size, names.length, "names are unique");
        for (const name of names) {
            assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)+$/, name);
            assert.notEqual(name, "all", "all is reserved by the CLI");
        }
    });

    it("names a reference in every description", () => {
        for (const p of allPolicies) {
            assert.match(referenceOf(p), /^(Security Hub [A-Za-z0-9]+\.[0-9]+|berth org rule: .+)$/, p.name);
        }
    });

    it("names the berth catalog or stack key that fixes each guardrail, and nothing else", () => {
        assert.deepEqual(Object.keys(BERTH_FIXES).sort(), allPolicies.map(p => p.name).sort());
        for (const [name, fix] of Object.entries(BERTH_FIXES)) {
            assert.match(fix, /^(catalog keys? [a-zA-Z.\[\]]+|stack keys? berth:[a-zA-Z.]+|no key)/, name);
        }
    });

    it("points the Spot-only advisory at the catalog key, not at the tag berth sets from it", () => {
        assert.match(BERTH_FIXES["ecs-spot-only-declared"], /^catalog key capacity\.allowSpotOnly: true in services\/<name>\.yaml/);
        assert.doesNotMatch(BERTH_FIXES["ecs-spot-only-declared"], /berth:spot-only/);
    });

    it("keeps enforcementLevel out of config schemas (the CLI rejects it)", () => {
        for (const p of allPolicies) {
            assert.ok(!("enforcementLevel" in (p.configSchema?.properties ?? {})), p.name);
        }
    });

    it("is what index.ts serves, and index.ts does nothing else", () => {
        const index = read("index.ts").replace(/^\s*\/\/.*$/gm, "").trim();
        assert.equal(
            index,
            [
                'import { PolicyPack } from "@pulumi/policy";',
                'import { allPolicies, PACK_NAME, packEnforcementLevel } from "./src/all";',
                "",
                "new PolicyPack(PACK_NAME, { policies: allPolicies, enforcementLevel: packEnforcementLevel });",
            ].join("\n"),
        );
        assert.equal(JSON.parse(read("package.json")).name, "berth-guardrails");
    });

    it("has a describe block in a test file for every policy", () => {
        const tests = readdirSync(join(ROOT, "test"))
            .filter(f => f.endsWith(".test.ts"))
            .map(f => read(`test/${f}`))
            .join("\n");
        for (const p of allPolicies) {
            assert.ok(tests.includes(`describe("${p.name}"`), `tests for ${p.name}`);
        }
    });
});

describe("the per-environment config files", () => {
    const rank: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, remediate: 2, mandatory: 2 };

    it("set a level for every policy and no other", () => {
        const names = allPolicies.map(p => p.name).sort();
        for (const env of ENVIRONMENTS) {
            assert.deepEqual(Object.keys(configs[env]).sort(), names, env);
        }
    });

    it("are never looser in prod than in beta, nor in beta than in dev", () => {
        for (const p of allPolicies) {
            const [dev, beta, prod] = ENVIRONMENTS.map(env => rank[levelOf(p, configs[env])]);
            assert.ok(dev <= beta && beta <= prod, `${p.name}: ${dev} ${beta} ${prod}`);
        }
    });

    it("make the prod-only guardrails mandatory only in prod", () => {
        for (const name of ["alb-deletion-protection", "ecs-on-demand-base", "ecr-dr-replication", "dr-replica-cluster"]) {
            const p = allPolicies.find(x => x.name === name)!;
            assert.deepEqual(ENVIRONMENTS.map(env => levelOf(p, configs[env]) === "mandatory"), [false, false, true], name);
        }
        const immutable = allPolicies.find(x => x.name === "ecr-immutable-tags")!;
        assert.deepEqual(ENVIRONMENTS.map(env => levelOf(immutable, configs[env])), ["advisory", "mandatory", "mandatory"]);
    });

    it("keep logs 90 days in prod and 7 elsewhere, and name their environment", () => {
        assert.deepEqual(ENVIRONMENTS.map(env => (configs[env]["log-group-retention"] as any).minimumLogRetentionDays), [7, 7, 90]);
        assert.deepEqual(ENVIRONMENTS.map(env => (configs[env]["required-tags"] as any).environment), [...ENVIRONMENTS]);
    });
});

describe("README.md", () => {
    it("carries the guardrail table generated from the policies and configs", () => {
        const readme = read("README.md");
        const m = /<!-- guardrails:start -->\n([\s\S]*?)\n<!-- guardrails:end -->/.exec(readme);
        assert.ok(m, "README has the guardrails markers");
        assert.equal(m[1], guardrailTable(allPolicies, configs), "run: node --import tsx bin/readme-table.ts");
    });
});
