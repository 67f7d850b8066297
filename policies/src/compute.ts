// Compute: ECS task definitions, services and clusters.
import { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import {
    asArray,
    CREDENTIAL_NAME,
    describe,
    forTypes,
    isLiteralCredential,
    MANDATORY,
    parseJson,
    Props,
    schema,
    settings,
    show,
    T,
} from "./util";

/** One container of a task definition, in ECS API names. */
export interface Container {
    name?: string;
    privileged?: boolean;
    readonlyRootFilesystem?: boolean;
    user?: string;
    environment?: { name?: string; value?: unknown }[];
    logConfiguration?: { logDriver?: string };
}

/**
 * The containers of a task definition. `containerDefinitions` is one JSON string; reading it
 * throws during preview when it embeds an output (image URI, log group name), so these checks
 * run at `pulumi up`. An unparseable document is reported and yields no containers.
 */
export function containersOf(props: Props, report: ReportViolation): Container[] {
    const raw = props.containerDefinitions;
    if (raw === undefined || raw === null) {
        return [];
    }
    const parsed = parseJson(raw);
    if (!parsed.ok) {
        report(`containerDefinitions is not valid JSON (${parsed.error}); fix the task definition`);
        return [];
    }
    return asArray<Container>(parsed.value).filter(c => c && typeof c === "object");
}

function containerLabel(c: Container, i: number): string {
    return typeof c.name === "string" && c.name.length > 0 ? `container "${c.name}"` : `container #${i + 1}`;
}

// ---------------------------------------------------------------------------------------------

interface PrivilegedConfig {
    hostGroupAttribute: string;
    allowedHostGroups: string[];
}

/** The host groups a task definition is pinned to by `memberOf` constraints. */
export function hostGroupsOf(props: Props, attribute: string): string[] {
    const escaped = attribute.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`attribute:${escaped}\\s*==\\s*['"]?([A-Za-z0-9_.-]+)['"]?`);
    const groups: string[] = [];
    for (const c of asArray<Props>(props.placementConstraints)) {
        if (c?.type === "memberOf" && typeof c.expression === "string") {
            const m = pattern.exec(c.expression);
            if (m) {
                groups.push(m[1]);
            }
        }
    }
    return groups;
}

const privilegedSchema = schema({
    hostGroupAttribute: { type: "string", default: "berth.host-group" },
    allowedHostGroups: { type: "array", items: { type: "string" }, default: ["isolated"] },
});

export const noPrivilegedContainers: ResourceValidationPolicy = {
    name: "ecs-no-privileged-containers",
    description: describe(
        "ECS containers do not run privileged, except in task definitions pinned to the isolated host group " +
            "by a memberOf placement constraint",
        "Security Hub ECS.4",
    ),
    enforcementLevel: MANDATORY,
    configSchema: privilegedSchema,
    validateResource: forTypes([T.taskDefinition], (props, args, report) => {
        const config = settings<PrivilegedConfig>(args, privilegedSchema);
        const containers = containersOf(props, report);
        if (!containers.some(c => c.privileged === true)) {
            return;
        }
        const groups = hostGroupsOf(props, config.hostGroupAttribute);
        if (groups.some(g => config.allowedHostGroups.includes(g))) {
            return;
        }
        const where = groups.length > 0 ? `host group ${groups.join(", ")}` : "no host group";
        containers.forEach((c, i) => {
            if (c.privileged === true) {
                report(
                    `${containerLabel(c, i)} sets privileged: true but the task is placed in ${where}; ` +
                        `remove privileged, or place the task in host group ${config.allowedHostGroups.join(" or ")} ` +
                        `(memberOf "attribute:${config.hostGroupAttribute} == ${config.allowedHostGroups[0]}")`,
                );
            }
        });
    }),
};

export const readOnlyRootFilesystem: ResourceValidationPolicy = {
    name: "ecs-read-only-root-filesystem",
    description: describe("Every ECS container mounts its root filesystem read-only", "Security Hub ECS.5"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.taskDefinition], (props, args, report) => {
        containersOf(props, report).forEach((c, i) => {
            if (c.readonlyRootFilesystem !== true) {
                report(
                    `${containerLabel(c, i)} has readonlyRootFilesystem ${show(c.readonlyRootFilesystem)}; ` +
                        `set it to true and mount a volume for paths the application writes`,
                );
            }
        });
    }),
};

const ROOT_USER = /^(root|0)(:.*)?$/;

export const nonRootUser: ResourceValidationPolicy = {
    name: "ecs-non-root-user",
    description: describe("Every ECS container names a non-root user", "Security Hub ECS.20"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.taskDefinition], (props, args, report) => {
        containersOf(props, report).forEach((c, i) => {
            if (typeof c.user !== "string" || c.user.length === 0) {
                report(`${containerLabel(c, i)} sets no user, so it runs as the image's default (often root); set user to a non-root UID:GID such as "1000:1000"`);
            } else if (ROOT_USER.test(c.user)) {
                report(`${containerLabel(c, i)} runs as user "${c.user}"; set user to a non-root UID:GID such as "1000:1000"`);
            }
        });
    }),
};

export const containerLogging: ResourceValidationPolicy = {
    name: "ecs-container-logging",
    description: describe("Every ECS container has a logConfiguration with a log driver", "Security Hub ECS.9"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.taskDefinition], (props, args, report) => {
        containersOf(props, report).forEach((c, i) => {
            const driver = c.logConfiguration?.logDriver;
            if (typeof driver !== "string" || driver.length === 0) {
                report(
                    `${containerLabel(c, i)} has logConfiguration ${show(c.logConfiguration)}; ` +
                        `add a logConfiguration with logDriver "awslogs" and the service's log group`,
                );
            }
        });
    }),
};

export const noPlaintextSecrets: ResourceValidationPolicy = {
    name: "ecs-no-plaintext-secrets",
    description: describe(
        "ECS containers pass no credential-like variable (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, " +
            "CREDENTIAL, ACCESS_KEY in the name) as a literal environment value",
        "Security Hub ECS.8",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.taskDefinition], (props, args, report) => {
        containersOf(props, report).forEach((c, i) => {
            for (const v of asArray<Props>(c.environment)) {
                if (typeof v?.name === "string" && CREDENTIAL_NAME.test(v.name) && isLiteralCredential(v.value)) {
                    // Never echo the value: it is the secret.
                    report(
                        `${containerLabel(c, i)} passes ${v.name} as a plain environment variable; ` +
                            `move it to "secrets" with valueFrom pointing at Secrets Manager or SSM Parameter Store`,
                    );
                }
            }
        });
    }),
};

export const noHostNetworkMode: ResourceValidationPolicy = {
    name: "ecs-no-host-network-mode",
    description: describe("ECS task definitions do not use the host network mode", "Security Hub ECS.17"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.taskDefinition], (props, args, report) => {
        if (props.networkMode === "host") {
            report(`networkMode is "host"; use "awsvpc" so each task gets its own network interface and security groups`);
        }
    }),
};

export const noPublicIp: ResourceValidationPolicy = {
    name: "ecs-no-public-ip",
    description: describe("ECS services do not assign public IP addresses to their tasks", "Security Hub ECS.2"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.service], (props, args, report) => {
        if (props.networkConfiguration?.assignPublicIp === true) {
            report(
                `networkConfiguration.assignPublicIp is true; set it to false and reach the internet through ` +
                    `NAT gateways or VPC endpoints`,
            );
        }
    }),
};

export const clusterContainerInsights: ResourceValidationPolicy = {
    name: "ecs-cluster-container-insights",
    description: describe("ECS clusters have Container Insights enabled (enabled or enhanced)", "Security Hub ECS.12"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.cluster], (props, args, report) => {
        const setting = asArray<Props>(props.settings).find(s => s?.name === "containerInsights");
        const value = setting?.value;
        if (value !== "enabled" && value !== "enhanced") {
            report(
                `containerInsights is ${show(value)}; add settings [{name: "containerInsights", value: "enabled"}] ` +
                    `(or "enhanced")`,
            );
        }
    }),
};

export const deploymentCircuitBreaker: ResourceValidationPolicy = {
    name: "ecs-deployment-circuit-breaker",
    description: describe(
        "ECS services deployed by the ECS controller enable the deployment circuit breaker with rollback",
        "berth org rule: safe deployments",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.service], (props, args, report) => {
        const controller = props.deploymentController?.type;
        if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") {
            return; // the circuit breaker only works with the ECS deployment controller
        }
        const breaker = props.deploymentCircuitBreaker;
        if (breaker?.enable !== true || breaker?.rollback !== true) {
            report(
                `deploymentCircuitBreaker is ${show(breaker)}; set {enable: true, rollback: true} so a failing ` +
                    `deployment stops and rolls back`,
            );
        }
    }),
};

export const computePolicies = [
    noPrivilegedContainers,
    readOnlyRootFilesystem,
    nonRootUser,
    containerLogging,
    noPlaintextSecrets,
    noHostNetworkMode,
    noPublicIp,
    clusterContainerInsights,
    deploymentCircuitBreaker,
];
