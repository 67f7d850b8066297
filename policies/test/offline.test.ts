import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../src/all";
import { buildModel, checkPlan, exitCodeOf, formatReport, InputError, parseConfig, parsePlan, Plan, PolicyPackConfig } from "../src/offline/check";
import { fixSuffix } from "../src/fixes";
import { UNKNOWN } from "./harness";

const ROOT = join(__dirname, "..");
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
const PASSING = "test/fixtures/plan-prod-pass.json";
const VIOLATING = "test/fixtures/plan-prod-violations.json";
const plan = (path = PASSING): Plan => parsePlan(readJson(path));
const config = (env: string): PolicyPackConfig => parseConfig(readJson(`config/${env}.json`)).config;
/** A stack's config, with required-tags pointed at the prod fixture's environment. */
const configFor = (env: string): PolicyPackConfig => ({ ...config(env), "required-tags": { enforcementLevel: "mandatory", environment: "prod" } });
const edit = (p: Plan, name: string, change: (inputs: Record<string, any>) => void): Plan => {
    const copy = structuredClone(p);
    const r = copy.resources.find(x => x.name === name);
    assert.ok(r, `fixture has ${name}`);
    change(r.inputs ?? (r.inputs = {}));
    return copy;
};

const EXPECTED_VIOLATIONS = [
    "berth-guardrails: stack prod (eu-west-1), plan test/fixtures/plan-prod-violations.json, config config/prod.json",
    "",
    "MANDATORY ecr-immutable-tags [Security Hub ECR.2]",
    '  - prod-orders-repo (aws:ecr/repository:Repository): imageTagMutability is "MUTABLE"; set it to "IMMUTABLE" and push every build under a new tag' + fixSuffix("ecr-immutable-tags"),
    "",
    "MANDATORY no-public-ingress [Security Hub EC2.18]",
    '  - orders-sg-ssh (aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule): ingress rule "orders-sg-ssh" opens tcp 22 to 0.0.0.0/0 on security group "orders-sg", which is not the load balancer\'s (tag berth:role=load-balancer); restrict the source to a security group or a private CIDR' + fixSuffix("no-public-ingress"),
    "",
    "39 policies, 63 resources, 2 mandatory, 0 advisory violations",
].join("\n");

describe("checkPlan", () => {
    it("passes the prod fixture under the prod config", async () => {
        const result = await checkPlan(plan(), config("prod"));
        assert.deepEqual(result.violations, []);
        assert.equal(result.policies, allPolicies.length);
        assert.equal(result.resources, 62);
        assert.equal(exitCodeOf(result), 0);
    });

    it("fails the fixture with injected violations, grouped by policy", async () => {
        const result = await checkPlan(plan(VIOLATING), config("prod"));
        assert.equal(exitCodeOf(result), 1);
        assert.equal(formatReport(result, { plan: VIOLATING, config: "config/prod.json" }), EXPECTED_VIOLATIONS);
    });

    it("reports an injected violation against the passing plan", async () => {
        const bad = edit(plan(), "orders-logs", i => (i.retentionInDays = 30));
        const result = await checkPlan(bad, config("prod"));
        assert.deepEqual(result.violations, [
            {
                policy: "log-group-retention",
                reference: "Security Hub CloudWatch.16",
                level: "mandatory",
                message: "retentionInDays is 30; set it to at least 90 days in this environment" + fixSuffix("log-group-retention"),
                urn: "urn:pulumi:prod::berth::berth:service:Service$aws:cloudwatch/logGroup:LogGroup::orders-logs",
                resourceName: "orders-logs",
                resourceType: "aws:cloudwatch/logGroup:LogGroup",
            },
        ]);
    });

    it("uses each environment's threshold", async () => {
        const bad = edit(plan(), "orders-logs", i => (i.retentionInDays = 30));
        assert.equal((await checkPlan(bad, configFor("beta"))).violations.length, 0);
    });

    it("reports at the configured level: advisory in beta, mandatory in prod", async () => {
        const bad = edit(plan(), "prod-alb", i => (i.enableDeletionProtection = false));
        const beta = await checkPlan(bad, configFor("beta"));
        assert.deepEqual(beta.violations.map(v => [v.policy, v.level, v.resourceName]), [["alb-deletion-protection", "advisory", "prod-alb"]]);
        assert.equal(exitCodeOf(beta), 0);
        assert.match(formatReport(beta), /^ADVISORY alb-deletion-protection \[Security Hub ELB\.6\]$/m);
        assert.match(formatReport(beta), /^39 policies, 62 resources, 0 mandatory, 1 advisory violations$/m);
        const prod = await checkPlan(bad, config("prod"));
        assert.deepEqual(prod.violations.map(v => [v.policy, v.level]), [["alb-deletion-protection", "mandatory"]]);
    });

    it("lists mandatory groups before advisory ones", async () => {
        let bad = edit(plan(), "prod-alb", i => (i.enableDeletionProtection = false));
        bad = edit(bad, "orders-task-policy", i => (i.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] })));
        const result = await checkPlan(bad, configFor("beta"));
        assert.deepEqual(result.violations.map(v => [v.level, v.policy]), [
            ["mandatory", "iam-task-role-no-service-wildcards"],
            ["advisory", "alb-deletion-protection"],
        ]);
    });

    it("skips disabled policies", async () => {
        const noDr: Plan = { ...plan(), resources: plan().resources.filter(r => !r.name.startsWith("prod-dr") && r.name !== "prod-replication") };
        const dev = await checkPlan(noDr, configFor("dev"));
        assert.deepEqual(dev.disabled, ["stateful-resources-protected", "ecr-dr-replication", "dr-replica-cluster"]);
        assert.equal(dev.policies, allPolicies.length - 3);
        assert.deepEqual(dev.violations, []);
        const prod = await checkPlan(noDr, config("prod"));
        assert.deepEqual(prod.violations.map(v => [v.policy, v.level, v.message]), [
            [
                "ecr-dr-replication",
                "mandatory",
                "no aws:ecr/replicationConfiguration:ReplicationConfiguration replicates images out of eu-west-1; add one whose rules name the DR region as a destination" + fixSuffix("ecr-dr-replication"),
            ],
            [
                "dr-replica-cluster",
                "mandatory",
                'no ECS cluster outside eu-west-1 (clusters: "prod-cluster" (eu-west-1)); build the DR replica through an aws provider whose region is the DR region' + fixSuffix("dr-replica-cluster"),
            ],
        ]);
    });

    it("applies the all key like the CLI", async () => {
        const bad = edit(plan(), "prod-orders-repo", i => (i.imageTagMutability = "MUTABLE"));
        const result = await checkPlan(bad, { all: "advisory" });
        assert.deepEqual(result.violations.map(v => [v.policy, v.level]), [["ecr-immutable-tags", "advisory"]]);
    });

    it("downgrades a value unknown during preview to advisory", async () => {
        const bad = edit(plan(), "orders-task", i => (i.containerDefinitions = UNKNOWN));
        const result = await checkPlan(bad, config("prod"));
        assert.equal(result.mandatory, 0);
        assert.deepEqual(
            [...new Set(result.violations.map(v => `${v.level} ${v.message}`))],
            ["advisory can't run policy during preview: string value at .containerDefinitions can't be known during preview"],
        );
    });

    it("reports a policy that throws as mandatory", async () => {
        const broken: ResourceValidationPolicy = {
            name: "broken",
            description: "throws [berth org rule: test]",
            validateResource: () => {
                throw new Error("boom");
            },
        };
        const small: Plan = { ...plan(), resources: plan().resources.slice(0, 1) };
        const result = await checkPlan(small, {}, [broken]);
        assert.deepEqual(result.violations.map(v => [v.level, v.message]), [["mandatory", "policy raised an error: boom"]]);
    });
});

describe("buildModel", () => {
    const model = buildModel(plan());
    const stack = (name: string) => model.stackResources.find(r => r.name === name)!;
    const args = (name: string) => model.resourceArgs.find(r => r.name === name)!;

    it("gives resources on the default provider a default aws provider in the plan's region", () => {
        assert.equal(args("prod-cluster").provider?.type, "pulumi:providers:aws");
        assert.equal(args("prod-cluster").provider?.name, "default");
        assert.equal(args("prod-cluster").provider?.props.region, "eu-west-1");
    });

    it("resolves an explicit provider by the URN before the last ::", () => {
        const p = args("prod-dr-cluster").provider!;
        assert.equal(p.urn, "urn:pulumi:prod::berth::berth:dr:Replica$pulumi:providers:aws::prod-dr-provider");
        assert.equal(p.props.region, "eu-central-1");
    });

    it("gives components and providers no provider", () => {
        assert.equal(args("orders").provider, undefined);
        assert.equal(args("prod-dr-provider").provider, undefined);
    });

    it("resolves dependencies and parents to resources", () => {
        assert.deepEqual(stack("prod-alb-http").dependencies.map(d => d.name), ["prod-alb"]);
        assert.equal(stack("orders-service").parent?.name, "orders");
        assert.equal(args("orders-service").opts.parent, "urn:pulumi:prod::berth::berth:service:Service::orders");
    });

    it("maps options", () => {
        assert.equal(args("prod-orders-repo").opts.protect, true);
        assert.deepEqual(args("orders-service").opts.ignoreChanges, ["desiredCount"]);
        assert.deepEqual(args("orders-service").opts.aliases, []);
    });

    it("implements isType like the engine", () => {
        const Cluster = { __pulumiType: "aws:ecs/cluster:Cluster" } as any;
        assert.equal(args("prod-cluster").isType(Cluster), true);
        assert.equal(args("prod-alb").isType(Cluster), false);
    });
});

describe("parsePlan and parseConfig", () => {
    it("rejects another format", () => {
        assert.throws(() => parsePlan({ format: "pulumi-preview", resources: [] }), new InputError('plan: format must be "berth-plan/1", got "pulumi-preview"'));
    });

    it("rejects a resource without a type", () => {
        assert.throws(
            () => parsePlan({ format: "berth-plan/1", project: "berth", stack: "dev", resources: [{ urn: "u", name: "n" }] }),
            new InputError("plan: resources[0].type must be a non-empty string"),
        );
    });

    it("accepts every environment's config without warnings", () => {
        for (const env of ["dev", "beta", "prod"]) {
            assert.deepEqual(parseConfig(readJson(`config/${env}.json`)).warnings, [], env);
        }
    });

    it("rejects a bad level and a bad threshold", () => {
        assert.throws(() => parseConfig({ "kms-key-rotation": "strict" }), /kms-key-rotation: "strict" is not an enforcement level/);
        assert.throws(
            () => parseConfig({ "log-group-retention": { minimumLogRetentionDays: "90" } }),
            new InputError('config: log-group-retention.minimumLogRetentionDays: expected integer, got "90"'),
        );
    });

    it("warns about unknown policies and settings", () => {
        assert.deepEqual(parseConfig({ "no-such-policy": "mandatory", "kms-key-rotation": { days: 1 } }).warnings, [
            'config names unknown policy "no-such-policy"; it is ignored',
            "kms-key-rotation.days is not a setting of this policy; it is ignored",
        ]);
    });
});

// Each run of the CLI loads the pack (about 2 s of CPU): the runs go side by side.
describe("bin/check.ts", { concurrency: true }, () => {
    const cli = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "bin/check.ts", ...args], { cwd: ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

    it("exits 0 on the passing plan", async () => {
        const r = await cli(PASSING, "--config", "config/prod.json");
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^39 policies, 62 resources, 0 mandatory, 0 advisory violations$/m);
    });

    it("exits 1 and prints the grouped violations", async () => {
        const r = await cli(VIOLATING, "--config", "config/prod.json");
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.stdout, EXPECTED_VIOLATIONS + "\n");
    });

    it("exits 2 on unreadable input", async () => {
        const [missing, notJson, badConfig] = await Promise.all([
            cli("test/fixtures/no-such-plan.json"),
            cli("PulumiPolicy.yaml"),
            cli(PASSING, "--config", "package.json"),
        ]);
        assert.equal(missing.status, 2);
        assert.match(missing.stderr, /^error: cannot read plan test\/fixtures\/no-such-plan\.json: ENOENT/);
        assert.equal(notJson.status, 2);
        assert.match(notJson.stderr, /^error: plan PulumiPolicy\.yaml is not valid JSON/);
        assert.equal(badConfig.status, 2);
        assert.match(badConfig.stderr, /^error: config: name: "berth-guardrails" is not an enforcement level/);
    });
});
