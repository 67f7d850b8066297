import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runStack, StackInput, UNKNOWN } from "./harness";
import { service, TAGS } from "./resources";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const OWNER_TOPIC = "arn:aws:sns:eu-west-1:111111111111:prod-notifications-owner-orders-team";

function alarm(kind: string, actions: unknown[] = [OWNER_TOPIC], svc = "orders"): StackInput {
    return {
        type: ALARM,
        name: `prod-${svc}-alarms-${kind}`,
        props: { alarmActions: actions, tags: { ...TAGS, "berth:service": svc, "berth:alarm": kind } },
    };
}

function stack(overrides: { alarms?: StackInput[]; subscriptions?: StackInput[] } = {}): StackInput[] {
    const svc = service({ tags: { ...TAGS, "berth:service": "orders" } });
    return [
        { ...svc, name: "prod-orders-service" },
        { type: TOPIC, name: "prod-notifications-owner-orders-team", props: {} },
        ...(overrides.subscriptions ?? [
            { type: SUBSCRIPTION, name: "sub", props: { topic: OWNER_TOPIC, protocol: "email", endpoint: "a@example.com" } },
        ]),
        ...(overrides.alarms ?? ["cpu-high", "memory-high", "utilization-high"].map(k => alarm(k))),
    ];
}

describe("ecs-service-baseline-alarms", () => {
    const run = (resources: StackInput[]) => runStack("ecs-service-baseline-alarms", resources).map(r => r.message);

    it("passes when every baseline alarm notifies a subscribed topic", () => {
        assert.deepEqual(run(stack()), []);
    });

    it("reports a service without its memory alarm, naming the catalog setting", () => {
        assert.deepEqual(run(stack({ alarms: [alarm("cpu-high"), alarm("utilization-high")] })), [
            'service "orders" has no memory-high alarm; remove alarms.enabled: false from services/orders.yaml',
        ]);
    });

    it("reports alarms whose only topic has no subscriber, naming the stack setting", () => {
        assert.deepEqual(run(stack({ subscriptions: [] })), [
            'alarm "prod-orders-alarms-cpu-high" of service "orders" notifies no topic with a subscriber; add an email, https or topics entry under berth:notifications (the environment) or berth:notifications.owners (the service\'s owner) in the stack file',
        ]);
    });

    it("counts a topic the stack does not create (a chat integration's) as heard", () => {
        const external = "arn:aws:sns:eu-west-1:111111111111:chatbot-alerts";
        const alarms = ["cpu-high", "memory-high", "utilization-high"].map(k => alarm(k, [OWNER_TOPIC, external]));
        assert.deepEqual(run(stack({ alarms, subscriptions: [] })), []);
    });

    it("recognises the stack's own topic under Pulumi's auto-name", () => {
        const real = OWNER_TOPIC + "-1a2b3c4";
        const alarms = ["cpu-high", "memory-high", "utilization-high"].map(k => alarm(k, [real]));
        assert.deepEqual(run(stack({ alarms, subscriptions: [] })).length, 1);
    });

    it("leaves actions unknown during preview to pulumi up", () => {
        const alarms = ["cpu-high", "memory-high", "utilization-high"].map(k => alarm(k, [UNKNOWN]));
        assert.deepEqual(run(stack({ alarms, subscriptions: [] })), []);
    });
});

describe("ecs-deployment-alarms-rollback", () => {
    const run = (resources: StackInput[]) => runStack("ecs-deployment-alarms-rollback", resources).map(r => r.message);
    const PRIMARY = { type: "pulumi:providers:aws", name: "primary", props: { region: "eu-west-1" } };
    const DR = { type: "pulumi:providers:aws", name: "dr", props: { region: "eu-central-1" } };
    const NAMES = ["prod-orders-5xx-rate", "prod-orders-unhealthy-targets"];
    const routed = { loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/orders/1" }] };

    function rolling(extra: Record<string, any> = {}): StackInput {
        return { ...service({ ...routed, alarms: { alarmNames: NAMES, enable: true, rollback: true }, ...extra }),
            name: "prod-orders-service", provider: PRIMARY };
    }

    function namedAlarms(provider = PRIMARY): StackInput[] {
        return NAMES.map(n => ({ type: ALARM, name: n.replace("prod-orders-", "prod-orders-alarms-"), props: { name: n }, provider }));
    }

    function group(extra: Record<string, any> = {}): StackInput {
        return {
            type: "aws:codedeploy/deploymentGroup:DeploymentGroup",
            name: "prod-orders-delivery-deployment-group",
            props: {
                ecsService: { clusterName: "prod-cluster", serviceName: "prod-orders-service" },
                alarmConfiguration: { enabled: true, alarms: NAMES },
                autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
                tags: { ...TAGS, "berth:service": "orders" },
                ...extra,
            },
        };
    }

    it("passes a rolling service that rolls back on its own alarms", () => {
        assert.deepEqual(run([rolling(), ...namedAlarms()]), []);
    });

    it("reports a rolling service behind the load balancer without deployment alarms, naming the catalog keys", () => {
        assert.deepEqual(run([rolling({ alarms: undefined }), ...namedAlarms()]), [
            'service "orders" (eu-west-1) rolls out releases without deployment alarms that roll back (alarms is null); ' +
                "set deployment.rollbackOnAlarm: true and alarms.enabled: true in services/orders.yaml",
        ]);
    });

    it("reports deployment alarms that fail a release without rolling it back", () => {
        assert.equal(run([rolling({ alarms: { alarmNames: NAMES, enable: true, rollback: false } }), ...namedAlarms()]).length, 1);
    });

    it("reports alarm names the stack does not create in the service's region", () => {
        assert.deepEqual(run([rolling(), ...namedAlarms(DR)]), [
            'service "orders" (eu-west-1) names deployment alarms this stack does not create in its region: ' +
                "prod-orders-5xx-rate, prod-orders-unhealthy-targets; ECS looks them up by name in the service's region",
        ]);
    });

    it("leaves a service the load balancer does not route to to the circuit breaker", () => {
        assert.deepEqual(run([{ ...service(), name: "prod-worker-service", provider: PRIMARY }]), []);
    });

    it("leaves a CodeDeploy service to its deployment group, which passes when it rolls back on alarm", () => {
        const bg = rolling({ alarms: undefined, deploymentController: { type: "CODE_DEPLOY" } });
        assert.deepEqual(run([bg, group(), ...namedAlarms()]), []);
    });

    it("reports a deployment group that does not roll back on alarm", () => {
        assert.deepEqual(run([group({ autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] } })]), [
            'deployment group "prod-orders-delivery-deployment-group" does not stop and roll back a release on alarm ' +
                '(alarmConfiguration {"enabled":true,"alarms":["prod-orders-5xx-rate","prod-orders-unhealthy-targets"]}, ' +
                'rollback events ["DEPLOYMENT_FAILURE"]); set deployment.rollbackOnAlarm: true and alarms.enabled: true in services/orders.yaml',
        ]);
    });

    it("leaves alarm names unknown during preview to pulumi up", () => {
        assert.deepEqual(run([rolling({ alarms: { alarmNames: UNKNOWN, enable: true, rollback: true } })]), []);
    });
});
