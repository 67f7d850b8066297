import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UnknownValueError } from "../src/util";
import { runResource, UNKNOWN } from "./harness";
import { container, ISOLATED, service, taskDefinition } from "./resources";

const cluster = (settings?: unknown) => ({
    type: "aws:ecs/cluster:Cluster",
    name: "prod-cluster",
    props: settings === undefined ? { name: "prod" } : { name: "prod", settings },
});

describe("ecs-no-privileged-containers", () => {
    const run = (r = taskDefinition()) => runResource("ecs-no-privileged-containers", r);

    it("passes for unprivileged containers", () => {
        assert.deepEqual(run(), []);
    });

    it("passes for a privileged container pinned to the isolated host group", () => {
        const r = taskDefinition([container({ privileged: true })], { requiresCompatibilities: ["EC2"], placementConstraints: ISOLATED });
        assert.deepEqual(run(r), []);
    });

    it("reports a privileged container outside any host group", () => {
        assert.deepEqual(run(taskDefinition([container({ privileged: true })])), [
            'container "orders" sets privileged: true but the task is placed in no host group; remove privileged, or place the task in host group isolated (memberOf "attribute:berth.host-group == isolated")',
        ]);
    });

    it("reports a privileged container in another host group", () => {
        const r = taskDefinition([container({ privileged: true })], {
            placementConstraints: [{ type: "memberOf", expression: "attribute:berth.host-group == general" }],
        });
        assert.deepEqual(run(r), [
            'container "orders" sets privileged: true but the task is placed in host group general; remove privileged, or place the task in host group isolated (memberOf "attribute:berth.host-group == isolated")',
        ]);
    });

    it("reports container definitions that are not JSON", () => {
        const r = taskDefinition([], { containerDefinitions: "[{" });
        assert.equal(run(r).length, 1);
        assert.match(run(r)[0], /^containerDefinitions is not valid JSON \(.+\); fix the task definition$/);
    });

    it("cannot run during preview when the container definitions embed an output", () => {
        assert.throws(() => run(taskDefinition([], { containerDefinitions: UNKNOWN })), UnknownValueError);
    });
});

describe("ecs-read-only-root-filesystem", () => {
    const run = (r = taskDefinition()) => runResource("ecs-read-only-root-filesystem", r);

    it("passes for a read-only root filesystem", () => {
        assert.deepEqual(run(), []);
    });

    it("reports readonlyRootFilesystem false", () => {
        assert.deepEqual(run(taskDefinition([container({ readonlyRootFilesystem: false })])), [
            'container "orders" has readonlyRootFilesystem false; set it to true and mount a volume for paths the application writes',
        ]);
    });

    it("reports an unset readonlyRootFilesystem, naming each container", () => {
        const sidecar = container({ name: "envoy", readonlyRootFilesystem: undefined });
        assert.deepEqual(run(taskDefinition([container(), sidecar])), [
            'container "envoy" has readonlyRootFilesystem unset; set it to true and mount a volume for paths the application writes',
        ]);
    });
});

describe("ecs-non-root-user", () => {
    const run = (r = taskDefinition()) => runResource("ecs-non-root-user", r);

    it("passes for a numeric non-root user", () => {
        assert.deepEqual(run(), []);
    });

    it("reports a container without a user", () => {
        assert.deepEqual(run(taskDefinition([container({ user: undefined })])), [
            'container "orders" sets no user, so it runs as the image\'s default (often root); set user to a non-root UID:GID such as "1000:1000"',
        ]);
    });

    it("reports root by name", () => {
        assert.deepEqual(run(taskDefinition([container({ user: "root" })])), [
            'container "orders" runs as user "root"; set user to a non-root UID:GID such as "1000:1000"',
        ]);
    });

    it("reports uid 0 with a group", () => {
        assert.deepEqual(run(taskDefinition([container({ user: "0:1000" })])), [
            'container "orders" runs as user "0:1000"; set user to a non-root UID:GID such as "1000:1000"',
        ]);
    });
});

describe("ecs-container-logging", () => {
    const run = (r = taskDefinition()) => runResource("ecs-container-logging", r);

    it("passes with an awslogs configuration", () => {
        assert.deepEqual(run(), []);
    });

    it("reports a container without logConfiguration", () => {
        assert.deepEqual(run(taskDefinition([container({ logConfiguration: undefined })])), [
            'container "orders" has logConfiguration unset; add a logConfiguration with logDriver "awslogs" and the service\'s log group',
        ]);
    });

    it("reports a container without a name by position", () => {
        const unnamed = container({ logConfiguration: undefined });
        delete (unnamed as any).name;
        assert.deepEqual(run(taskDefinition([container(), unnamed])), [
            'container #2 has logConfiguration unset; add a logConfiguration with logDriver "awslogs" and the service\'s log group',
        ]);
    });
});

describe("ecs-no-plaintext-secrets", () => {
    const run = (r = taskDefinition()) => runResource("ecs-no-plaintext-secrets", r);
    const withEnv = (name: string, value: string) => taskDefinition([container({ environment: [{ name, value }] })]);

    it("passes when credentials come from secrets", () => {
        assert.deepEqual(run(), []);
    });

    it("passes for an ARN that names a secret", () => {
        assert.deepEqual(run(withEnv("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db")), []);
    });

    it("reports a literal password without echoing it", () => {
        const messages = run(withEnv("DB_PASSWORD", "hunter2"));
        assert.deepEqual(messages, [
            'container "orders" passes DB_PASSWORD as a plain environment variable; move it to "secrets" with valueFrom pointing at Secrets Manager or SSM Parameter Store',
        ]);
        assert.ok(!messages[0].includes("hunter2"));
    });

    it("matches names case-insensitively (api_key)", () => {
        assert.deepEqual(run(withEnv("stripe_api_key", "sk_live_x")), [
            'container "orders" passes stripe_api_key as a plain environment variable; move it to "secrets" with valueFrom pointing at Secrets Manager or SSM Parameter Store',
        ]);
    });
});

describe("ecs-no-host-network-mode", () => {
    const run = (r = taskDefinition()) => runResource("ecs-no-host-network-mode", r);

    it("passes for awsvpc", () => {
        assert.deepEqual(run(), []);
    });

    it("reports host network mode", () => {
        assert.deepEqual(run(taskDefinition(undefined, { networkMode: "host" })), [
            'networkMode is "host"; use "awsvpc" so each task gets its own network interface and security groups',
        ]);
    });
});

describe("ecs-no-public-ip", () => {
    const run = (r = service()) => runResource("ecs-no-public-ip", r);

    it("passes without a public IP", () => {
        assert.deepEqual(run(), []);
    });

    it("reports assignPublicIp true", () => {
        const r = service({ networkConfiguration: { assignPublicIp: true, subnets: ["subnet-a"], securityGroups: ["sg"] } });
        assert.deepEqual(run(r), [
            "networkConfiguration.assignPublicIp is true; set it to false and reach the internet through NAT gateways or VPC endpoints",
        ]);
    });
});

describe("ecs-cluster-container-insights", () => {
    const run = (r: ReturnType<typeof cluster>) => runResource("ecs-cluster-container-insights", r);

    it("passes for enabled and enhanced", () => {
        assert.deepEqual(run(cluster([{ name: "containerInsights", value: "enabled" }])), []);
        assert.deepEqual(run(cluster([{ name: "containerInsights", value: "enhanced" }])), []);
    });

    it("reports disabled", () => {
        assert.deepEqual(run(cluster([{ name: "containerInsights", value: "disabled" }])), [
            'containerInsights is "disabled"; add settings [{name: "containerInsights", value: "enabled"}] (or "enhanced")',
        ]);
    });

    it("reports a cluster without settings", () => {
        assert.deepEqual(run(cluster()), [
            'containerInsights is unset; add settings [{name: "containerInsights", value: "enabled"}] (or "enhanced")',
        ]);
    });
});

describe("ecs-deployment-circuit-breaker", () => {
    const run = (r = service()) => runResource("ecs-deployment-circuit-breaker", r);

    it("passes with enable and rollback", () => {
        assert.deepEqual(run(), []);
    });

    it("does not apply to CodeDeploy-controlled services", () => {
        assert.deepEqual(run(service({ deploymentCircuitBreaker: undefined, deploymentController: { type: "CODE_DEPLOY" } })), []);
    });

    it("reports a breaker without rollback", () => {
        assert.deepEqual(run(service({ deploymentCircuitBreaker: { enable: true, rollback: false } })), [
            'deploymentCircuitBreaker is {"enable":true,"rollback":false}; set {enable: true, rollback: true} so a failing deployment stops and rolls back',
        ]);
    });

    it("reports a missing breaker", () => {
        assert.deepEqual(run(service({ deploymentCircuitBreaker: undefined })), [
            "deploymentCircuitBreaker is unset; set {enable: true, rollback: true} so a failing deployment stops and rolls back",
        ]);
    });
});
