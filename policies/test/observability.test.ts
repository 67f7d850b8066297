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
