import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runResource, runStack, StackInput } from "./harness";
import { loadBalancer, logGroup, TAGS } from "./resources";

describe("log-group-retention", () => {
    const run = (r = logGroup(), settings?: Record<string, unknown>) => runResource("log-group-retention", r, settings);

    it("passes at the prod minimum", () => {
        assert.deepEqual(run(logGroup({ retentionInDays: 90 }), { minimumLogRetentionDays: 90 }), []);
    });

    it("passes 7 days with the default minimum", () => {
        assert.deepEqual(run(logGroup({ retentionInDays: 7 })), []);
    });

    it("reports retention below the environment's minimum", () => {
        assert.deepEqual(run(logGroup({ retentionInDays: 30 }), { minimumLogRetentionDays: 90 }), [
            "retentionInDays is 30; set it to at least 90 days in this environment",
        ]);
    });

    it("reports logs kept forever", () => {
        assert.deepEqual(run(logGroup({ retentionInDays: undefined })), [
            "retentionInDays is unset, so logs are kept forever; set it to at least 7 days",
        ]);
    });
});

describe("alb-access-logs", () => {
    const run = (r = loadBalancer()) => runResource("alb-access-logs", r);

    it("passes with access logs to a bucket", () => {
        assert.deepEqual(run(), []);
    });

    it("reports disabled access logs", () => {
        assert.deepEqual(run(loadBalancer({ accessLogs: { bucket: "prod-alb-logs", enabled: false } })), [
            'accessLogs is {"bucket":"prod-alb-logs","enabled":false}; set accessLogs {bucket: <the environment\'s log bucket>, enabled: true}',
        ]);
    });

    it("reports missing access logs", () => {
        assert.deepEqual(run(loadBalancer({ accessLogs: undefined })), [
            "accessLogs is unset; set accessLogs {bucket: <the environment's log bucket>, enabled: true}",
        ]);
    });
});

describe("vpc-flow-logs", () => {
    const vpc = (name: string): StackInput => ({ type: "aws:ec2/vpc:Vpc", name, props: { cidrBlock: "10.30.0.0/16", tags: TAGS } });
    const flowLog = (name: string, vpcName: string): StackInput => ({
        type: "aws:ec2/flowLog:FlowLog",
        name,
        props: { vpcId: "vpc-id", logDestinationType: "cloud-watch-logs", trafficType: "ALL", tags: TAGS },
        dependsOn: [vpcName],
    });
    const run = (stack: StackInput[]) => runStack("vpc-flow-logs", stack);

    it("passes when the VPC has a flow log", () => {
        assert.deepEqual(run([vpc("prod-vpc"), flowLog("prod-vpc-flow-log", "prod-vpc")]), []);
    });

    it("reports a VPC without a flow log", () => {
        assert.deepEqual(run([vpc("prod-vpc"), flowLog("prod-vpc-flow-log", "prod-vpc"), vpc("prod-dr-vpc")]), [
            {
                message:
                    'VPC "prod-dr-vpc" has no flow log; add an aws:ec2/flowLog:FlowLog with vpcId set to this VPC (trafficType "ALL" or "REJECT")',
                resource: "prod-dr-vpc",
            },
        ]);
    });
});
