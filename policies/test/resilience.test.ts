import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runResource, runStack, StackInput, UNKNOWN } from "./harness";
import { kmsKey, loadBalancer, logGroup, repository, service, TAGS } from "./resources";

const SPOT_ONLY = [{ capacityProvider: "FARGATE_SPOT", base: 1, weight: 1 }];
const DECLARED = { ...TAGS, "berth:service": "batch", "berth:spot-only": "declared" };

describe("ecs-on-demand-base", () => {
    const run = (r = service(), settings?: Record<string, unknown>) => runResource("ecs-on-demand-base", r, settings);

    it("passes with a FARGATE base", () => {
        assert.deepEqual(run(), []);
    });

    it("passes with an EC2 capacity provider base", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: [{ capacityProvider: "prod-isolated", base: 2, weight: 1 }] })), []);
    });

    it("counts a capacity provider whose name is unknown during preview as on-demand", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: [{ capacityProvider: UNKNOWN, base: 1, weight: 1 }] })), []);
    });

    it("passes with a launch type", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: undefined, launchType: "FARGATE" })), []);
    });

    it("passes for a declared Spot-only service", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: SPOT_ONLY, tags: DECLARED })), []);
    });

    it("reports a strategy whose on-demand provider has no base", () => {
        const strategies = [
            { capacityProvider: "FARGATE", base: 0, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 1, weight: 3 },
        ];
        assert.deepEqual(run(service({ capacityProviderStrategies: strategies })), [
            "capacityProviderStrategies [FARGATE base 0 weight 1, FARGATE_SPOT base 1 weight 3] has no on-demand base; give FARGATE (or the host group's EC2 capacity provider) base >= 1, or declare the service Spot-only in its catalog entry (berth then tags it berth:spot-only=declared)",
        ]);
    });

    it("reports a base below the configured minimum", () => {
        assert.deepEqual(run(service(), { minimumOnDemandBase: 2 }), [
            "capacityProviderStrategies [FARGATE base 1 weight 1, FARGATE_SPOT base 0 weight 3] has no on-demand base; give FARGATE (or the host group's EC2 capacity provider) base >= 2, or declare the service Spot-only in its catalog entry (berth then tags it berth:spot-only=declared)",
        ]);
    });

    it("reports a service that leaves capacity to the cluster default", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: undefined })), [
            "sets neither capacityProviderStrategies nor launchType, so the cluster's default strategy decides; declare a strategy with a non-Spot provider whose base is at least 1",
        ]);
    });
});

describe("ecs-spot-only-declared", () => {
    const run = (r = service()) => runResource("ecs-spot-only-declared", r);

    it("passes for a mixed strategy", () => {
        assert.deepEqual(run(), []);
    });

    it("passes for a declared Spot-only service", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: SPOT_ONLY, tags: DECLARED })), []);
    });

    it("ignores providers with neither base nor weight", () => {
        const strategies = [{ capacityProvider: "FARGATE", base: 1, weight: 0 }, ...SPOT_ONLY];
        assert.deepEqual(run(service({ capacityProviderStrategies: strategies })), []);
    });

    it("reports an undeclared Spot-only service", () => {
        assert.deepEqual(run(service({ capacityProviderStrategies: SPOT_ONLY })), [
            "runs only on Spot capacity [FARGATE_SPOT base 1 weight 1] but is not declared Spot-only; add an on-demand provider to the strategy, or declare the service Spot-only in its catalog entry (berth then tags it berth:spot-only=declared)",
        ]);
    });
});

describe("alb-deletion-protection", () => {
    const run = (r = loadBalancer()) => runResource("alb-deletion-protection", r);

    it("passes with deletion protection", () => {
        assert.deepEqual(run(), []);
    });

    it("reports deletion protection off", () => {
        assert.deepEqual(run(loadBalancer({ enableDeletionProtection: false })), ["enableDeletionProtection is false; set it to true"]);
    });
});

describe("stateful-resources-protected", () => {
    const run = (r: ReturnType<typeof repository>) => runResource("stateful-resources-protected", r);

    it("passes for protected repositories, log groups and keys", () => {
        assert.deepEqual(run(repository()), []);
        assert.deepEqual(run(logGroup()), []);
        assert.deepEqual(run(kmsKey()), []);
    });

    it("does not apply to stateless resources", () => {
        assert.deepEqual(run({ ...loadBalancer(), opts: { protect: false } }), []);
    });

    it("reports an unprotected SQS queue (its messages would be lost)", () => {
        const queue = { type: "aws:sqs/queue:Queue", name: "prod-orders-queue", props: { name: "prod-orders" } };
        assert.deepEqual(run({ ...queue, opts: { protect: true } } as ReturnType<typeof repository>), []);
        assert.deepEqual(run({ ...queue, opts: { protect: false } } as ReturnType<typeof repository>), [
            "Queue has protect: false; create it with protect (retainOnDelete alone is not visible to policy packs)",
        ]);
    });

    it("reports an unprotected log group", () => {
        assert.deepEqual(run({ ...logGroup(), opts: { protect: false } }), [
            "LogGroup has protect: false; create it with protect (retainOnDelete alone is not visible to policy packs)",
        ]);
    });
});

const PRIMARY = { type: "pulumi:providers:aws", name: "default_6_83_0", props: { region: "eu-west-1" } };
const DR = { type: "pulumi:providers:aws", name: "prod-dr", props: { region: "eu-central-1" } };

describe("ecr-dr-replication", () => {
    const replication = (regions: string[]): StackInput => ({
        type: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
        name: "prod-replication",
        props: {
            replicationConfiguration: {
                rules: [{ destinations: regions.map(region => ({ region, registryId: "123456789012" })), repositoryFilters: [{ filter: "prod/", filterType: "PREFIX_MATCH" }] }],
            },
        },
        provider: PRIMARY,
    });
    const repo: StackInput = { ...repository(), name: "orders-repo", provider: PRIMARY };
    const run = (stack: StackInput[], settings?: Record<string, unknown>) => runStack("ecr-dr-replication", stack, settings);

    it("passes when images are replicated to another region", () => {
        assert.deepEqual(run([repo, replication(["eu-central-1"])]), []);
    });

    it("reports a stack without replication", () => {
        assert.deepEqual(run([repo]), [
            {
                message:
                    "no aws:ecr/replicationConfiguration:ReplicationConfiguration replicates images out of eu-west-1; add one whose rules name the DR region as a destination",
                resource: undefined,
            },
        ]);
    });

    it("reports replication into the stack's own region", () => {
        assert.deepEqual(run([repo, replication(["eu-west-1"])]), [
            {
                message:
                    'replication configuration "prod-replication" names no destination outside eu-west-1; add a destination {region: <DR region>, registryId: <account>} to a rule',
                resource: "prod-replication",
            },
        ]);
    });

    it("uses primaryRegion for a configuration on the default provider without a region", () => {
        const bare = { ...replication(["eu-central-1"]), provider: undefined };
        assert.deepEqual(run([{ ...repo, provider: undefined }, bare], { primaryRegion: "eu-central-1" }), [
            {
                message:
                    'replication configuration "prod-replication" names no destination outside eu-central-1; add a destination {region: <DR region>, registryId: <account>} to a rule',
                resource: "prod-replication",
            },
        ]);
    });

    it("judges a configuration by its own provider's region, not by the provider most resources use", () => {
        const primary = { ...PRIMARY, name: "primary" };
        const drRepos: StackInput[] = ["a", "b", "c"].map(n => ({ ...repository(), name: `dr-${n}`, provider: DR }));
        assert.deepEqual(run([...drRepos, { ...replication(["eu-central-1"]), provider: primary }]), []);
    });

    it("reports a stack whose region cannot be told", () => {
        const bare = { ...replication(["eu-central-1"]), provider: undefined };
        assert.deepEqual(run([{ ...repo, provider: undefined }, bare]), [
            {
                message:
                    "cannot tell this stack's region (no aws provider with a known region); set primaryRegion in the policy config",
                resource: undefined,
            },
        ]);
    });
});

describe("dr-replica-cluster", () => {
    const cluster = (name: string, provider = PRIMARY): StackInput => ({
        type: "aws:ecs/cluster:Cluster",
        name,
        props: { name, settings: [{ name: "containerInsights", value: "enabled" }], tags: TAGS },
        provider,
    });
    const run = (stack: StackInput[]) => runStack("dr-replica-cluster", stack);

    it("passes with a cluster through a provider in another region", () => {
        assert.deepEqual(run([cluster("prod"), cluster("prod-dr", DR)]), []);
    });

    it("passes when the clusters span two regions, whichever provider most resources use", () => {
        const busy: StackInput[] = ["a", "b", "c"].map(n => ({ ...repository(), name: `dr-${n}`, provider: DR }));
        assert.deepEqual(run([...busy, cluster("prod"), cluster("prod-dr", DR)]), []);
    });

    it("reports a stack without a DR cluster", () => {
        assert.deepEqual(run([cluster("prod")]), [
            {
                message:
                    'no ECS cluster outside eu-west-1 (clusters: "prod" (eu-west-1)); build the DR replica through an aws provider whose region is the DR region',
                resource: undefined,
            },
        ]);
    });

    it("takes the stack's region from the provider most resources use when there is no default provider", () => {
        const primary = { ...PRIMARY, name: "primary" };
        const repo: StackInput = { ...repository(), name: "orders-repo", provider: primary };
        assert.deepEqual(run([repo, cluster("prod", primary), cluster("prod-dr", DR)]), []);
        assert.deepEqual(run([repo, cluster("prod", primary)]), [
            {
                message:
                    'no ECS cluster outside eu-west-1 (clusters: "prod" (eu-west-1)); build the DR replica through an aws provider whose region is the DR region',
                resource: undefined,
            },
        ]);
    });

    it("reports a second provider that points at the primary region", () => {
        assert.deepEqual(run([cluster("prod"), cluster("prod-dr", { ...DR, props: { region: "eu-west-1" } })]), [
            {
                message:
                    'no ECS cluster outside eu-west-1 (clusters: "prod" (eu-west-1), "prod-dr" (eu-west-1)); build the DR replica through an aws provider whose region is the DR region',
                resource: undefined,
            },
        ]);
    });
});

describe("sqs-dead-letter-queue", () => {
    const SSE = { sqsManagedSseEnabled: true, tags: TAGS };
    const dlq = { type: "aws:sqs/queue:Queue", name: "prod-order-worker-dlq", props: { ...SSE, name: "prod-order-worker-dlq" } };
    const queue = (props: Record<string, unknown> = {}) => ({
        type: "aws:sqs/queue:Queue",
        name: "prod-order-worker-queue",
        props: {
            ...SSE,
            name: "prod-order-worker",
            redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:prod-order-worker-dlq", maxReceiveCount: 5 }),
            ...props,
        },
    });
    const run = (resources: StackInput[]) => runStack("sqs-dead-letter-queue", resources);

    it("passes for a queue with a redrive policy and its dead-letter queue", () => {
        assert.deepEqual(run([queue(), dlq]), []);
    });

    it("passes for a dead-letter queue known only by dependency (its ARN unknown during preview)", () => {
        assert.deepEqual(run([{ ...queue({ redrivePolicy: UNKNOWN }), dependsOn: ["prod-order-worker-dlq"] }, dlq]), []);
    });

    it("passes for a dead-letter queue tagged as one (a schedule's)", () => {
        const tagged = { ...dlq, props: { ...dlq.props, tags: { ...TAGS, "berth:dead-letter": "true" } } };
        assert.deepEqual(run([tagged]), []);
    });

    it("reports a queue without a redrive policy", () => {
        const bare = queue();
        delete (bare.props as Record<string, unknown>).redrivePolicy;
        assert.deepEqual(run([bare]), [
            {
                message:
                    'queue "prod-order-worker" has no redrive policy; give it a redrivePolicy with deadLetterTargetArn (a dead-letter queue) and maxReceiveCount, or tag it berth:dead-letter=true if it is itself a dead-letter queue',
                resource: "prod-order-worker-queue",
            },
        ]);
    });
});
