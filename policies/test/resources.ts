// Passing baselines of the resources berth produces, in Pulumi input names. Each test changes
// one property of a baseline.
import { ResourceInput } from "./harness";

export const TAGS = { environment: "prod", owner: "team-orders", "cost-centre": "cc-1234", "managed-by": "pulumi" };

export interface ContainerDef {
    name: string;
    image: string;
    essential: boolean;
    privileged?: boolean;
    readonlyRootFilesystem?: boolean;
    user?: string;
    environment?: { name: string; value: string }[];
    secrets?: { name: string; valueFrom: string }[];
    logConfiguration?: { logDriver: string; options: Record<string, string> };
    [key: string]: unknown;
}

export function container(overrides: Partial<ContainerDef> = {}): ContainerDef {
    return {
        name: "orders",
        image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/prod/orders:1.4.2",
        essential: true,
        readonlyRootFilesystem: true,
        user: "1000:1000",
        environment: [{ name: "LOG_LEVEL", value: "info" }],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db" }],
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/berth/prod/orders", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "orders" },
        },
        portMappings: [{ containerPort: 8080, protocol: "tcp" }],
        stopTimeout: 30,
        ...overrides,
    };
}

export function taskDefinition(containers: ContainerDef[] = [container()], extra: Record<string, any> = {}): ResourceInput {
    return {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "orders-task",
        props: {
            family: "prod-orders",
            containerDefinitions: JSON.stringify(containers),
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: "512",
            memory: "1024",
            tags: TAGS,
            ...extra,
        },
    };
}

export const ISOLATED = [{ type: "memberOf", expression: "attribute:berth.host-group == isolated" }];

export function serviceProps(extra: Record<string, any> = {}): Record<string, any> {
    return {
        name: "orders",
        desiredCount: 2,
        capacityProviderStrategies: [
            { capacityProvider: "FARGATE", base: 1, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
        ],
        deploymentCircuitBreaker: { enable: true, rollback: true },
        networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a"], securityGroups: ["sg-orders"] },
        enableExecuteCommand: false,
        propagateTags: "SERVICE",
        tags: { ...TAGS, "berth:service": "orders", "berth:capacity": "balanced" },
        ...extra,
    };
}

export function service(extra: Record<string, any> = {}): ResourceInput {
    return { type: "aws:ecs/service:Service", name: "orders-service", props: serviceProps(extra) };
}

export function repository(extra: Record<string, any> = {}): ResourceInput {
    return {
        type: "aws:ecr/repository:Repository",
        name: "orders-repo",
        props: {
            name: "prod/orders",
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:123456789012:key/abc" }],
            tags: TAGS,
            ...extra,
        },
        opts: { protect: true },
    };
}

export function loadBalancer(extra: Record<string, any> = {}): ResourceInput {
    return {
        type: "aws:lb/loadBalancer:LoadBalancer",
        name: "prod-alb",
        props: {
            internal: false,
            loadBalancerType: "application",
            dropInvalidHeaderFields: true,
            enableDeletionProtection: true,
            accessLogs: { bucket: "prod-alb-logs", enabled: true },
            subnets: ["subnet-public-a", "subnet-public-b"],
            securityGroups: ["sg-alb"],
            tags: TAGS,
            ...extra,
        },
    };
}

export const REDIRECT = [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }];
export const NOT_FOUND = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }];

export function listener(protocol: "HTTP" | "HTTPS", extra: Record<string, any> = {}): ResourceInput {
    const https = protocol === "HTTPS";
    return {
        type: "aws:lb/listener:Listener",
        name: https ? "prod-https" : "prod-http",
        props: {
            loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod-alb/1",
            port: https ? 443 : 80,
            protocol,
            ...(https
                ? { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/1" }
                : {}),
            defaultActions: https ? NOT_FOUND : REDIRECT,
            tags: TAGS,
            ...extra,
        },
    };
}

export function logGroup(extra: Record<string, any> = {}): ResourceInput {
    return {
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: "orders-logs",
        props: { name: "/berth/prod/orders", retentionInDays: 90, tags: TAGS, ...extra },
        opts: { protect: true },
    };
}

export function kmsKey(extra: Record<string, any> = {}): ResourceInput {
    return {
        type: "aws:kms/key:Key",
        name: "prod-key",
        props: { description: "berth prod", enableKeyRotation: true, deletionWindowInDays: 30, tags: TAGS, ...extra },
        opts: { protect: true },
    };
}

export function codebuildProject(extra: Record<string, any> = {}, environment: Record<string, any> = {}): ResourceInput {
    return {
        type: "aws:codebuild/project:Project",
        name: "orders-build",
        props: {
            name: "prod-orders-build",
            serviceRole: "arn:aws:iam::123456789012:role/prod-orders-build",
            environment: {
                computeType: "BUILD_GENERAL1_SMALL",
                image: "aws/codebuild/standard:7.0",
                type: "LINUX_CONTAINER",
                privilegedMode: true,
                environmentVariables: [
                    { name: "REPOSITORY_URI", value: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/prod/orders", type: "PLAINTEXT" },
                    { name: "NPM_TOKEN", value: "/berth/prod/npm-token", type: "PARAMETER_STORE" },
                ],
                ...environment,
            },
            tags: { ...TAGS, "berth:builds-images": "true" },
            ...extra,
        },
    };
}

export function policyDocument(statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
