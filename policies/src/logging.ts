// Logging: log retention, load balancer access logs, VPC flow logs.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    dependsOn,
    describe,
    forStack,
    forTypes,
    has,
    LOAD_BALANCER_TYPES,
    MANDATORY,
    ofType,
    schema,
    settings,
    show,
    T,
} from "./util";

interface RetentionConfig {
    minimumLogRetentionDays: number;
}

const retentionSchema = schema({
    minimumLogRetentionDays: { type: "integer", minimum: 1, default: 7 },
});

export const logGroupRetention: ResourceValidationPolicy = {
    name: "log-group-retention",
    description: describe(
        "CloudWatch log groups set retentionInDays to at least minimumLogRetentionDays (7 by default, 90 in prod)",
        "Security Hub CloudWatch.16",
    ),
    enforcementLevel: MANDATORY,
    configSchema: retentionSchema,
    validateResource: forTypes([T.logGroup], (props, args, report) => {
        const { minimumLogRetentionDays: min } = settings<RetentionConfig>(args, retentionSchema);
        const days = props.retentionInDays;
        if (days === undefined || days === null || days === 0) {
            report(`retentionInDays is ${show(days)}, so logs are kept forever; set it to at least ${min} days`);
        } else if (typeof days !== "number" || days < min) {
            report(`retentionInDays is ${show(days)}; set it to at least ${min} days in this environment`);
        }
    }),
};

export const albAccessLogs: ResourceValidationPolicy = {
    name: "alb-access-logs",
    description: describe("Application load balancers write access logs to an S3 bucket", "Security Hub ELB.5"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes(LOAD_BALANCER_TYPES, (props, args, report) => {
        if (props.loadBalancerType !== undefined && props.loadBalancerType !== "application") {
            return;
        }
        const logs = props.accessLogs;
        if (logs?.enabled !== true || !has(logs, "bucket")) {
            report(`accessLogs is ${show(logs)}; set accessLogs {bucket: <the environment's log bucket>, enabled: true}`);
        }
    }),
};

export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: describe(
        "Every VPC has an aws:ec2/flowLog:FlowLog attached to it (matched by dependency on the VPC)",
        "Security Hub EC2.6",
    ),
    enforcementLevel: MANDATORY,
    validateStack: forStack((args, report) => {
        const flowLogs = ofType(args.resources, T.flowLog);
        for (const vpc of ofType(args.resources, T.vpc)) {
            if (!flowLogs.some(f => dependsOn(f, vpc, "vpcId"))) {
                report(
                    `VPC "${vpc.name}" has no flow log; add an aws:ec2/flowLog:FlowLog with vpcId set to this VPC ` +
                        `(trafficType "ALL" or "REJECT")`,
                    vpc.urn,
                );
            }
        }
    }),
};

export const loggingPolicies = [logGroupRetention, albAccessLogs, vpcFlowLogs];
