// Shared helpers for berth's guardrails. Side-effect free: tests and the offline checker import
// them without starting a policy pack.
import {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as policyRuntime from "@pulumi/policy";

/**
 * @pulumi/policy 1.21 exports these at runtime, but its proxy.d.ts strips their types
 * (they are marked @internal), so they are re-exported here with the types they have.
 */
export const UnknownValueError: new (...args: any[]) => Error & { props: string[] } = (policyRuntime as any).UnknownValueError;
export const unknownCheckingProxy: <T>(value: T) => T = (policyRuntime as any).unknownCheckingProxy;

export type Props = Record<string, any>;
export type BerthPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The reference a guardrail follows: a Security Hub control id or a named organisational rule. */
export type Reference = `Security Hub ${string}` | `berth org rule: ${string}`;

/** Every description ends with the reference in brackets, so the README and the checker can show it. */
export function describe(what: string, reference: Reference): string {
    return `${what} [${reference}]`;
}

/** The reference of a policy, read back from its description. */
export function referenceOf(policy: { description: string }): string {
    const m = /\[([^\]]+)\]$/.exec(policy.description);
    return m ? m[1] : "";
}

/** The text of a description without its reference. */
export function summaryOf(policy: { description: string }): string {
    return policy.description.replace(/\s*\[[^\]]+\]$/, "");
}

// ---------------------------------------------------------------------------------------------
// Resource types

/** Tokens berth uses; `aws:alb/...` is accepted as an alias of `aws:lb/...` where noted. */
export const T = {
    awsProvider: "pulumi:providers:aws",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    flowLog: "aws:ec2/flowLog:FlowLog",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    cluster: "aws:ecs/cluster:Cluster",
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    repository: "aws:ecr/repository:Repository",
    lifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    replicationConfiguration: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    kmsKey: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamPolicy: "aws:iam/policy:Policy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    codebuildProject: "aws:codebuild/project:Project",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucket: "aws:s3/bucket:Bucket",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
} as const;

export const LOAD_BALANCER_TYPES: readonly string[] = [T.loadBalancer, T.albLoadBalancer];
export const LISTENER_TYPES: readonly string[] = [T.listener, T.albListener];

/** The short form used in messages: `aws:ecr/repository:Repository` -> `Repository`. */
export function shortType(type: string): string {
    const i = type.lastIndexOf(":");
    return i >= 0 ? type.slice(i + 1) : type;
}

// ---------------------------------------------------------------------------------------------
// Validation wrappers

/** A resource validation that only looks at resources of the given types. */
export function forTypes(
    types: readonly string[],
    validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
    const wanted = new Set(types);
    const fn: ResourceValidation = (args, report) => {
        if (!wanted.has(args.type)) {
            return;
        }
        validate(args.props, args, report);
    };
    if (types.length === 1) {
        // Lets the engine skip other types without calling us (same as validateResourceOfType).
        (fn as any).__pulumiType = types[0];
    }
    return fn;
}

/** A stack validation. Exists for symmetry and to keep the signature in one place. */
export function forStack(
    validate: (args: StackValidationArgs, report: ReportViolation) => void,
): StackValidation {
    return validate;
}

/**
 * A policy's settings: its config over the `default`s of its schema. The CLI fills in schema
 * defaults itself; doing it here too keeps a policy right when run with a bare config.
 */
export function settings<T extends object>(args: { getConfig<U extends object>(): U }, configSchema: PolicyConfigSchema): T {
    const result: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(configSchema.properties)) {
        if (typeof s === "object" && s.default !== undefined) {
            result[k] = s.default;
        }
    }
    for (const [k, v] of Object.entries(args.getConfig<Record<string, unknown>>() ?? {})) {
        if (v !== undefined && v !== null) {
            result[k] = v;
        }
    }
    return result as T;
}

/** A policy's config schema; every threshold has its default here, and only here. */
export function schema(properties: PolicyConfigSchema["properties"]): PolicyConfigSchema {
    return { properties };
}

export const MANDATORY: EnforcementLevel = "mandatory";
export const ADVISORY: EnforcementLevel = "advisory";

// ---------------------------------------------------------------------------------------------
// Values

/** Runs `read`, returning undefined when it touches a value unknown during preview. */
export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return undefined;
        }
        throw e;
    }
}

/** Whether an object has a key, without reading the (possibly unknown) value. */
export function has(obj: unknown, key: string): boolean {
    return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key);
}

/** A value as it should appear in a message. Never call it on secret values. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "unset";
    }
    return JSON.stringify(value);
}

export function asArray<T = any>(value: unknown): T[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? (value as T[]) : [value as T];
}

export function tagsOf(props: Props): Record<string, string> {
    const tags = props.tags;
    return tags && typeof tags === "object" ? (tags as Record<string, string>) : {};
}

/** Resource tags over the provider's defaultTags, as AWS will see them. */
export function effectiveTags(props: Props, provider?: { props: Props }): Record<string, string> {
    const defaults = provider?.props?.defaultTags?.tags;
    return { ...(defaults && typeof defaults === "object" ? defaults : {}), ...tagsOf(props) };
}

/** Parses a JSON document kept as a string input (container definitions, IAM policies). */
export function parseJson(value: unknown): { ok: true; value: any } | { ok: false; error: string } {
    if (typeof value !== "string") {
        return { ok: true, value };
    }
    try {
        return { ok: true, value: JSON.parse(value) };
    } catch (e) {
        return { ok: false, error: (e as Error).message };
    }
}

/** Names that look like credentials (ECS.8, CodeBuild.2). */
// The same expression as berth's CatalogNames.CREDENTIAL_NAME_EXPRESSION (CredentialNameTest keeps them equal).
export const CREDENTIAL_NAME = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY/i;

/** A literal value that is a credential rather than a reference to one (an ARN is a reference). */
export function isLiteralCredential(value: unknown): boolean {
    return typeof value === "string" && value.length > 0 && !value.startsWith("arn:");
}

// ---------------------------------------------------------------------------------------------
// Stack helpers

/** The resources a resource depends on, for one property when the engine says which. */
export function dependenciesOf(resource: PolicyResource, property?: string): PolicyResource[] {
    const byProperty = property ? resource.propertyDependencies?.[property] : undefined;
    if (byProperty && byProperty.length > 0) {
        return byProperty;
    }
    return resource.dependencies ?? [];
}

/** Whether `resource` refers to `target` through a dependency (optionally of one property). */
export function dependsOn(resource: PolicyResource, target: PolicyResource, property?: string): boolean {
    return dependenciesOf(resource, property).some(d => d.urn === target.urn);
}

export function ofType(resources: readonly PolicyResource[], types: string | readonly string[]): PolicyResource[] {
    const wanted = new Set(typeof types === "string" ? [types] : types);
    return resources.filter(r => wanted.has(r.type));
}

/** A resource's name as AWS knows it when the program sets one, else its logical name. */
export function displayName(resource: PolicyResource, nameProp = "name"): string {
    const n = known(() => resource.props[nameProp]);
    return typeof n === "string" && n.length > 0 ? n : resource.name;
}

/**
 * The stack's own region: the policy config's `primaryRegion` if set; else the region of the
 * default aws provider (the one the engine creates from `aws:region`, named `default...`); else
 * the region of the aws provider that most resources use (berth passes an explicit "primary"
 * provider to everything outside the DR replica).
 */
export function stackRegion(resources: readonly PolicyResource[], configured?: string): string | undefined {
    if (configured) {
        return configured;
    }
    const providers = new Map<string, { name: string; type: string; props: Props }>();
    const users = new Map<string, number>();
    for (const r of resources) {
        if (r.type === T.awsProvider) {
            providers.set(r.urn, r);
        }
        if (r.provider && r.provider.type === T.awsProvider) {
            providers.set(r.provider.urn, r.provider);
            users.set(r.provider.urn, (users.get(r.provider.urn) ?? 0) + 1);
        }
    }
    const regionOf = (p: { props: Props }) => {
        const region = known(() => p.props.region);
        return typeof region === "string" && region.length > 0 ? region : undefined;
    };
    for (const p of providers.values()) {
        if (p.name.startsWith("default") && regionOf(p)) {
            return regionOf(p);
        }
    }
    const busiest = [...users.entries()]
        .filter(([urn]) => regionOf(providers.get(urn)!))
        .sort((a, b) => b[1] - a[1])[0];
    return busiest ? regionOf(providers.get(busiest[0])!) : undefined;
}

/** The region of an explicit aws provider, if it is known. */
export function providerRegion(provider?: { type: string; props: Props }): string | undefined {
    if (!provider || provider.type !== T.awsProvider) {
        return undefined;
    }
    const region = known(() => provider.props.region);
    return typeof region === "string" && region.length > 0 ? region : undefined;
}

/** Allow statements of an IAM policy document, with Action/Resource normalised to lists. */
export interface Statement {
    label: string;
    actions: string[];
    resources: string[];
    principals: unknown;
}

export function allowStatements(document: any): Statement[] {
    const statements = asArray<any>(document?.Statement);
    return statements
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => s && s.Effect === "Allow")
        .map(({ s, i }) => ({
            label: typeof s.Sid === "string" && s.Sid.length > 0 ? `"${s.Sid}"` : `#${i + 1}`,
            actions: asArray<string>(s.Action),
            resources: asArray<string>(s.Resource),
            principals: s.Principal,
        }));
}
