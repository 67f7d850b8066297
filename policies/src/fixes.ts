// Which berth key fixes each guardrail: every message a policy reports ends with it, so a reviewer
// reading a violation (in `pulumi preview`, `./berth check` or `./berth diff`) knows which line of
// a service file (services/<name>.yaml, "catalog key") or stack file (Pulumi.<stack>.yaml, "stack
// key") to edit. Side-effect free.
import { ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { BerthPolicy } from "./util";

const CATALOG = "services/<name>.yaml";
const STACK = "Pulumi.<stack>.yaml";

/** Policy name -> the berth setting that fixes a violation of it. */
export const BERTH_FIXES: Readonly<Record<string, string>> = {
    "required-tags": `stack keys berth:environment.owner, berth:environment.costCentre and berth:environment.tags in ${STACK} (berth tags every resource from them)`,
    "ecs-no-privileged-containers": `catalog keys security.privileged and hostGroup in ${CATALOG} (a host group of stack key berth:hostGroups with privileged: true)`,
    "ecs-read-only-root-filesystem": `catalog key security.readOnlyRootFilesystem: true in ${CATALOG}`,
    "ecs-non-root-user": `catalog keys security.user and security.runAsRoot: false in ${CATALOG}`,
    "ecs-container-logging": "no key turns it off: berth gives every catalog service an awslogs configuration (a container berth did not write?)",
    "ecs-no-plaintext-secrets": `catalog key secrets (instead of environment) in ${CATALOG}`,
    "ecs-no-host-network-mode": "no key: berth's task definitions always use awsvpc (a task definition berth did not write?)",
    "ecs-no-public-ip": "no key: berth never assigns public IPs to tasks (a service berth did not write?)",
    "ecs-cluster-container-insights": `stack key berth:cluster.containerInsights (enabled or enhanced) in ${STACK}`,
    "ecs-deployment-circuit-breaker": `no key: berth sets it on every ECS-controller service; catalog key delivery.deploy: blue-green in ${CATALOG} uses CodeDeploy's rollback instead`,
    "codebuild-no-plaintext-credentials": `catalog key delivery.buildSecrets (instead of delivery.buildEnvironment) in ${CATALOG}`,
    "codebuild-privileged-only-image-builders": "no key: berth makes only its image-building projects privileged (a project berth did not write?)",
    "s3-bucket-public-access-block": "no key: berth blocks public access on every bucket it creates (a bucket berth did not write?)",
    "s3-bucket-no-public-policy": `no key: berth's bucket policies allow only named services and accounts, and catalog key buckets in ${CATALOG} grants the task role alone (a bucket berth did not write?)`,
    "egress-world-only-https": `catalog key egress[].to in ${CATALOG} (name the destination network); where the environment accepts it, stack key berth:network.allowWorldEgress: true in ${STACK} and allowWorldEgress: true in this policy's config (policies/config/<stack>.json)`,
    "iam-no-admin-statements": `catalog key permissions in ${CATALOG}`,
    "iam-task-role-no-service-wildcards": `catalog key permissions[].actions in ${CATALOG}`,
    "iam-no-admin-policy-attachment": `catalog key permissions in ${CATALOG} (berth attaches no managed policies)`,
    "kms-key-rotation": `stack key berth:registry.customerManagedKey in ${STACK} (berth's own keys always rotate)`,
    "log-group-retention": `stack key berth:environment.logRetentionDays in ${STACK}`,
    "alb-access-logs": `stack key berth:ingress.accessLogRetentionDays in ${STACK} (berth always writes access logs)`,
    "vpc-flow-logs": `stack key berth:network.flowLogs.enabled: true in ${STACK}`,
    "alb-http-redirects-to-https": `stack key berth:ingress.certificateArn in ${STACK} (with a certificate berth redirects HTTP to HTTPS)`,
    "alb-drop-invalid-headers": "no key: berth's load balancers always drop invalid headers (a load balancer berth did not write?)",
    "alb-https-tls-policy": `stack key berth:ingress.sslPolicy in ${STACK}`,
    "no-public-ingress": `stack key berth:ingress.allowedCidrs in ${STACK}; between services, catalog key calls in ${CATALOG}`,
    "ecr-scan-on-push": "no key: berth's repositories always scan on push (a repository berth did not write?)",
    "ecr-immutable-tags": `stack key berth:registry.immutableTags: true in ${STACK}`,
    "ecr-lifecycle-policy": `stack key berth:registry.keepReleases in ${STACK} (berth gives every repository a lifecycle policy)`,
    "ecr-kms-encryption": `stack key berth:registry.customerManagedKey: true in ${STACK}`,
    "sqs-dead-letter-queue": `catalog keys kind: worker and queue.maxReceiveCount in ${CATALOG} (berth gives every queue it creates a dead-letter queue; a queue berth did not write?)`,
    "ecs-on-demand-base": `catalog key capacity (on-demand or balanced), or capacity.allowSpotOnly: true, in ${CATALOG}; stack key berth:cluster.defaultCapacity for services that name none`,
    "ecs-spot-only-declared": `catalog key capacity.allowSpotOnly: true in ${CATALOG}, or a capacity profile with on-demand tasks (balanced)`,
    "alb-deletion-protection": `stack key berth:environment.production: true in ${STACK}`,
    "ecs-service-baseline-alarms": `catalog key alarms.enabled in ${CATALOG}; stack key berth:notifications (email, https, topics, owners) in ${STACK}`,
    "ecs-deployment-alarms-rollback": `catalog keys deployment.rollbackOnAlarm and alarms.enabled in ${CATALOG}`,
    "stateful-resources-protected": `stack key berth:environment.production: true in ${STACK}`,
    "ecr-dr-replication": `stack keys berth:dr.region and berth:registry.replicationOwner in ${STACK}`,
    "dr-replica-cluster": `stack key berth:dr.region in ${STACK}`,
};

/** What every message of `policy` ends with. */
export function fixSuffix(policy: string): string {
    const fix = BERTH_FIXES[policy];
    if (fix === undefined) {
        throw new Error(`policy ${policy} has no entry in BERTH_FIXES (src/fixes.ts)`);
    }
    return ` [berth fix: ${fix}]`;
}

function suffixed(report: ReportViolation, suffix: string): ReportViolation {
    return (message, urn) => report(message + suffix, urn);
}

/** The policy with every message it reports ending in its berth fix. */
export function withBerthFix(policy: BerthPolicy): BerthPolicy {
    const suffix = fixSuffix(policy.name);
    if ("validateResource" in policy && policy.validateResource) {
        const wrap = (v: ResourceValidation): ResourceValidation => {
            const fn: ResourceValidation = (args, report) => v(args, suffixed(report, suffix));
            if ((v as any).__pulumiType) {
                (fn as any).__pulumiType = (v as any).__pulumiType; // lets the engine skip other types
            }
            return fn;
        };
        const v = policy.validateResource;
        return { ...policy, validateResource: Array.isArray(v) ? v.map(wrap) : wrap(v as ResourceValidation) } as ResourceValidationPolicy;
    }
    const stack = policy as StackValidationPolicy;
    const validate = stack.validateStack;
    return { ...stack, validateStack: (args, report) => validate(args, suffixed(report, suffix)) };
}
