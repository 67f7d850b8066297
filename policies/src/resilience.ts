// Resilience: capacity that survives Spot interruptions, deletion protection, disaster recovery.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    ADVISORY,
    asArray,
    dependenciesOf,
    describe,
    forStack,
    forTypes,
    has,
    known,
    LOAD_BALANCER_TYPES,
    MANDATORY,
    ofType,
    providerRegion,
    Props,
    schema,
    settings,
    shortType,
    show,
    stackRegion,
    T,
    tagsOf,
} from "./util";

// ---------------------------------------------------------------------------------------------
// Capacity

export const SPOT_ONLY_TAG = "berth:spot-only";
export const SPOT_ONLY_DECLARED = "declared";

interface Strategy {
    capacityProvider: string;
    base: number;
    weight: number;
}

/** Shown for a capacity provider whose name is an output (an EC2 provider created in the same run). */
export const COMPUTED_PROVIDER = "(computed)";

function strategiesOf(props: Props): Strategy[] {
    return asArray<Props>(props.capacityProviderStrategies).map(s => {
        // FARGATE and FARGATE_SPOT are literals; a name unknown during preview is a provider berth
        // creates itself, i.e. an EC2 (on-demand) provider of a host group.
        const name = known(() => s?.capacityProvider);
        return {
            capacityProvider: typeof name === "string" ? name : COMPUTED_PROVIDER,
            base: typeof s?.base === "number" ? s.base : 0,
            weight: typeof s?.weight === "number" ? s.weight : 0,
        };
    });
}

function strategyText(strategies: Strategy[]): string {
    return `[${strategies.map(s => `${s.capacityProvider} base ${s.base} weight ${s.weight}`).join(", ")}]`;
}

function isDeclaredSpotOnly(props: Props): boolean {
    return tagsOf(props)[SPOT_ONLY_TAG] === SPOT_ONLY_DECLARED;
}

interface CapacityConfig {
    minimumOnDemandBase: number;
    /** Capacity providers that run on Spot; every other provider counts as on-demand. */
    spotCapacityProviders: string[];
}

const SPOT_PROVIDERS_SETTING = { type: "array" as const, items: { type: "string" as const }, default: ["FARGATE_SPOT"] };

const onDemandSchema = schema({
    minimumOnDemandBase: { type: "integer", minimum: 1, default: 1 },
    spotCapacityProviders: SPOT_PROVIDERS_SETTING,
});

const spotOnlySchema = schema({ spotCapacityProviders: SPOT_PROVIDERS_SETTING });

export const onDemandBase: ResourceValidationPolicy = {
    name: "ecs-on-demand-base",
    description: describe(
        "ECS services keep an on-demand base: a non-Spot capacity provider (FARGATE or an EC2 provider) with base >= " +
            `minimumOnDemandBase in their strategy, unless tagged ${SPOT_ONLY_TAG}=${SPOT_ONLY_DECLARED}`,
        "berth org rule: prod capacity",
    ),
    enforcementLevel: ADVISORY,
    configSchema: onDemandSchema,
    validateResource: forTypes([T.service], (props, args, report) => {
        if (isDeclaredSpotOnly(props)) {
            return;
        }
        const config = settings<CapacityConfig>(args, onDemandSchema);
        const strategies = strategiesOf(props);
        if (strategies.length === 0) {
            if (props.launchType === "FARGATE" || props.launchType === "EC2") {
                return; // a launch type runs every task on-demand
            }
            report(
                `sets neither capacityProviderStrategies nor launchType, so the cluster's default strategy decides; ` +
                    `declare a strategy with a non-Spot provider whose base is at least ${config.minimumOnDemandBase}`,
            );
            return;
        }
        const onDemand = strategies.filter(
            s => !config.spotCapacityProviders.includes(s.capacityProvider) && s.base >= config.minimumOnDemandBase,
        );
        if (onDemand.length === 0) {
            report(
                `capacityProviderStrategies ${strategyText(strategies)} has no on-demand base; give FARGATE (or the ` +
                    `host group's EC2 capacity provider) base >= ${config.minimumOnDemandBase}, or declare the service ` +
                    `Spot-only in its catalog entry (berth then tags it ${SPOT_ONLY_TAG}=${SPOT_ONLY_DECLARED})`,
            );
        }
    }),
};

export const spotOnlyDeclared: ResourceValidationPolicy = {
    name: "ecs-spot-only-declared",
    description: describe(
        `An ECS service that runs only on Spot capacity is declared Spot-only in the catalog (tag ${SPOT_ONLY_TAG}=${SPOT_ONLY_DECLARED})`,
        "berth org rule: prod capacity",
    ),
    enforcementLevel: MANDATORY,
    configSchema: spotOnlySchema,
    validateResource: forTypes([T.service], (props, args, report) => {
        const config = settings<Pick<CapacityConfig, "spotCapacityProviders">>(args, spotOnlySchema);
        const used = strategiesOf(props).filter(s => s.base > 0 || s.weight > 0);
        const spotOnly = used.length > 0 && used.every(s => config.spotCapacityProviders.includes(s.capacityProvider));
        if (spotOnly && !isDeclaredSpotOnly(props)) {
            report(
                `runs only on Spot capacity ${strategyText(strategiesOf(props))} but is not declared Spot-only; add an ` +
                    `on-demand provider to the strategy, or declare the service Spot-only in its catalog entry ` +
                    `(berth then tags it ${SPOT_ONLY_TAG}=${SPOT_ONLY_DECLARED})`,
            );
        }
    }),
};

export const albDeletionProtection: ResourceValidationPolicy = {
    name: "alb-deletion-protection",
    description: describe("Load balancers have deletion protection enabled", "Security Hub ELB.6"),
    enforcementLevel: ADVISORY,
    validateResource: forTypes(LOAD_BALANCER_TYPES, (props, args, report) => {
        if (props.enableDeletionProtection !== true) {
            report(`enableDeletionProtection is ${show(props.enableDeletionProtection)}; set it to true`);
        }
    }),
};

// ---------------------------------------------------------------------------------------------
// Stateful resources

// SQS queues hold messages nobody has processed yet: deleting one loses them
export const STATEFUL_TYPES = [T.repository, T.logGroup, T.bucketV2, T.bucket, T.kmsKey, "aws:sqs/queue:Queue"];

export const statefulResourcesProtected: ResourceValidationPolicy = {
    name: "stateful-resources-protected",
    description: describe(
        "Stateful resources (ECR repositories, log groups, S3 buckets, KMS keys, SQS queues) are created with protect: true, " +
            "so no routine pulumi up deletes or replaces them",
        "berth org rule: ownership of stateful resources",
    ),
    enforcementLevel: ADVISORY,
    validateResource: forTypes(STATEFUL_TYPES, (props, args, report) => {
        if (args.opts.protect !== true) {
            report(
                `${shortType(args.type)} has protect: ${show(args.opts.protect ?? false)}; create it with protect ` +
                    `(retainOnDelete alone is not visible to policy packs)`,
            );
        }
    }),
};

// ---------------------------------------------------------------------------------------------
// Disaster recovery

interface RegionConfig {
    /** The stack's own region; by default the region of the default aws provider. */
    primaryRegion?: string;
}

const regionSchema = schema({ primaryRegion: { type: "string" } });

function regionUnknownMessage(): string {
    return `cannot tell this stack's region (no aws provider with a known region); set primaryRegion in the policy config`;
}

export const ecrDrReplication: StackValidationPolicy = {
    name: "ecr-dr-replication",
    description: describe(
        "Images are replicated to a DR region: an aws:ecr/replicationConfiguration:ReplicationConfiguration has a " +
            "destination in a region other than its own (the region of its provider, else the stack's)",
        "berth org rule: disaster recovery",
    ),
    enforcementLevel: ADVISORY,
    configSchema: regionSchema,
    validateStack: forStack((args, report) => {
        const config = settings<RegionConfig>(args, regionSchema);
        const region = stackRegion(args.resources, config.primaryRegion);
        const configs = ofType(args.resources, T.replicationConfiguration);
        if (configs.length === 0) {
            report(
                `no aws:ecr/replicationConfiguration:ReplicationConfiguration replicates images out of ` +
                    `${region ?? "this stack's region"}; add one whose rules name the DR region as a destination`,
            );
            return;
        }
        // A replication configuration belongs to the registry of its provider's region: images
        // replicate out of that region, whichever provider most of the stack uses.
        const sources = configs.map(c => providerRegion(c.provider) ?? region);
        for (const [i, c] of configs.entries()) {
            const destinations = asArray<Props>(c.props.replicationConfiguration?.rules).flatMap(r =>
                asArray<Props>(r?.destinations).map(d => d?.region),
            );
            if (sources[i] && destinations.some(d => typeof d === "string" && d !== sources[i])) {
                return;
            }
        }
        const source = sources.find(s => s !== undefined);
        if (!source) {
            report(regionUnknownMessage());
            return;
        }
        const named = configs.map(c => `"${c.name}"`).join(", ");
        report(
            `replication configuration ${named} names no destination outside ${source}; add a destination ` +
                `{region: <DR region>, registryId: <account>} to a rule`,
            configs[0].urn,
        );
    }),
};

export const drReplicaCluster: StackValidationPolicy = {
    name: "dr-replica-cluster",
    description: describe(
        "A DR replica exists: the stack's ECS clusters span two regions, one of them created through an aws provider " +
            "whose region differs from the stack's",
        "berth org rule: disaster recovery",
    ),
    enforcementLevel: ADVISORY,
    configSchema: regionSchema,
    validateStack: forStack((args, report) => {
        const config = settings<RegionConfig>(args, regionSchema);
        const region = stackRegion(args.resources, config.primaryRegion);
        const placed = ofType(args.resources, T.cluster).map(c => ({ name: c.name, region: providerRegion(c.provider) ?? region }));
        const regions = new Set(placed.map(c => c.region).filter((r): r is string => r !== undefined));
        if (regions.size >= 2 || (region !== undefined && [...regions].some(r => r !== region))) {
            return;
        }
        const home = region ?? [...regions][0];
        if (!home) {
            report(regionUnknownMessage());
            return;
        }
        const list = placed.length > 0 ? placed.map(c => `"${c.name}" (${c.region ?? "unknown region"})`).join(", ") : "none";
        report(
            `no ECS cluster outside ${home} (clusters: ${list}); build the DR replica through an aws provider ` +
                `whose region is the DR region`,
        );
    }),
};

// ---------------------------------------------------------------------------------------------
// Queues

export const QUEUE_TYPE = "aws:sqs/queue:Queue";
const SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule";
/** berth tags the dead-letter queues it creates (a worker's, a job schedule's) with this, set to "true". */
export const DEAD_LETTER_TAG = "berth:dead-letter";

function queueName(queue: { name: string; props: Props }): string {
    const n = known(() => queue.props.name);
    return typeof n === "string" ? n : queue.name;
}

/** The dead-letter target a redrive policy names, when it is known (a JSON string or an object). */
function deadLetterTarget(redrive: unknown): string | undefined {
    const value = known(() => (typeof redrive === "string" ? JSON.parse(redrive) : redrive));
    const arn = value && typeof value === "object" ? (value as any).deadLetterTargetArn : undefined;
    return typeof arn === "string" ? arn : undefined;
}

export const queueDeadLetter: StackValidationPolicy = {
    name: "sqs-dead-letter-queue",
    description: describe(
        "Every SQS queue that is not itself a dead-letter queue has a redrive policy (deadLetterTargetArn and " +
            "maxReceiveCount), so a message that keeps failing is set aside instead of blocking or looping forever. A " +
            `queue counts as a dead-letter queue when another queue's redrive policy or a schedule's deadLetterConfig ` +
            `names it, or it is tagged ${DEAD_LETTER_TAG}=true`,
        "berth org rule: every queue has a dead-letter queue (issue 17)",
    ),
    enforcementLevel: MANDATORY,
    validateStack: forStack((args, report) => {
        const queues = ofType(args.resources, QUEUE_TYPE);
        const referrers = [...queues, ...ofType(args.resources, SCHEDULE_TYPE)];
        const namedTargets = new Set(
            queues.map(q => deadLetterTarget(known(() => q.props.redrivePolicy))).filter((a): a is string => !!a),
        );
        for (const queue of queues) {
            if (has(queue.props, "redrivePolicy")) {
                continue; // set (its value may be unknown during preview)
            }
            const name = queueName(queue);
            const isDeadLetter =
                tagsOf(queue.props)[DEAD_LETTER_TAG] === "true" ||
                [...namedTargets].some(arn => arn.endsWith(":" + name)) ||
                referrers.some(r => r !== queue && dependenciesOf(r).some(d => d.urn === queue.urn));
            if (!isDeadLetter) {
                report(
                    `queue "${name}" has no redrive policy; give it a redrivePolicy with deadLetterTargetArn (a dead-letter ` +
                        `queue) and maxReceiveCount, or tag it ${DEAD_LETTER_TAG}=true if it is itself a dead-letter queue`,
                    queue.urn,
                );
            }
        }
    }),
};

export const resiliencePolicies = [
    onDemandBase,
    spotOnlyDeclared,
    albDeletionProtection,
    statefulResourcesProtected,
    ecrDrReplication,
    drReplicaCluster,
    queueDeadLetter,
];
