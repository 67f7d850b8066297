// Tagging: who owns a resource, who pays for it, which environment it belongs to.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, effectiveTags, forTypes, MANDATORY, schema, settings } from "./util";

/**
 * The resource types berth creates that take a `tags` map. Types not listed here (lifecycle
 * policies, role policies, attachments, capacity provider associations, public access blocks...)
 * have no tags in AWS and are not checked.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/capacityProvider:CapacityProvider",
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule",
    "aws:lb/targetGroup:TargetGroup",
    "aws:acm/certificate:Certificate",
    "aws:ecr/repository:Repository",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:kms/key:Key",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:codebuild/project:Project",
    "aws:codepipeline/pipeline:Pipeline",
    "aws:codestarconnections/connection:Connection",
    "aws:s3/bucketV2:BucketV2",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    "aws:servicediscovery/service:Service",
    "aws:appautoscaling/target:Target",
    "aws:secretsmanager/secret:Secret",
    "aws:sns/topic:Topic",
    "aws:route53/healthCheck:HealthCheck",
];

export const REQUIRED_TAGS = ["environment", "owner", "cost-centre", "managed-by"];

const requiredTagsSchema = schema({
    requiredTags: { type: "array", items: { type: "string" }, default: REQUIRED_TAGS },
    environment: { type: "string", enum: ["dev", "beta", "prod"] },
});

interface RequiredTagsConfig {
    requiredTags: string[];
    /** The stack's environment; when set, the `environment` tag must equal it. */
    environment?: string;
}

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: describe(
        "Every taggable resource carries the tags environment, owner, cost-centre and managed-by " +
            "(resource tags or the provider's defaultTags), and environment names this stack",
        "berth org rule: tagging",
    ),
    enforcementLevel: MANDATORY,
    configSchema: requiredTagsSchema,
    validateResource: forTypes(TAGGABLE_TYPES, (props, args, report) => {
        const config = settings<RequiredTagsConfig>(args, requiredTagsSchema);
        const tags = effectiveTags(props, args.provider);
        const missing = config.requiredTags.filter(k => typeof tags[k] !== "string" || tags[k].length === 0);
        if (missing.length > 0) {
            const present = Object.keys(tags).sort();
            report(
                `missing required tags ${missing.join(", ")} (has: ${present.length > 0 ? present.join(", ") : "none"}); ` +
                    `add them to the resource's tags or to the provider's defaultTags`,
            );
        }
        const env = tags["environment"];
        if (config.environment && typeof env === "string" && env.length > 0 && env !== config.environment) {
            report(`tag environment is "${env}" but this stack is "${config.environment}"; set environment=${config.environment}`);
        }
    }),
};

export const taggingPolicies = [requiredTags];
