// Offline check: runs the pack's policies over a berth plan (target/plan/<stack>.json) the way the
// Pulumi engine runs them over a preview, without the CLI or a cloud. No I/O here: bin/check.ts
// reads the files, this module turns a parsed plan and config into violations and a report.
import {
    EnforcementLevel,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import { allPolicies, PACK_NAME, packEnforcementLevel } from "../all";
import { BerthPolicy, Props, referenceOf, unknownCheckingProxy, UnknownValueError } from "../util";

// ---------------------------------------------------------------------------------------------
// Inputs

export const PLAN_FORMAT = "berth-plan/1";

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    custom?: boolean;
    id?: string;
    parent?: string;
    /** `<provider urn>::<provider id>`, or "" for the default provider. */
    provider?: string;
    dependencies?: string[];
    options?: {
        protect?: boolean;
        retainOnDelete?: boolean;
        ignoreChanges?: string[];
        deleteBeforeReplace?: boolean;
    };
    inputs?: Props;
}

export interface Plan {
    format: string;
    project: string;
    stack: string;
    region?: string;
    resources: PlanResource[];
}

/** The file `pulumi preview --policy-pack-config` takes. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PolicyPackConfig = Record<string, PolicyConfigEntry>;

export class InputError extends Error {}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Checks the shape of a parsed plan; throws InputError naming the first bad field. */
export function parsePlan(value: unknown): Plan {
    const fail = (msg: string): never => {
        throw new InputError(`plan: ${msg}`);
    };
    if (!value || typeof value !== "object" || Array.isArray(value)) {
        fail("expected a JSON object");
    }
    const plan = value as Plan;
    if (plan.format !== PLAN_FORMAT) {
        fail(`format must be "${PLAN_FORMAT}", got ${JSON.stringify(plan.format)}`);
    }
    if (!Array.isArray(plan.resources)) {
        fail("resources must be a list");
    }
    plan.resources.forEach((r, i) => {
        for (const field of ["urn", "type", "name"] as const) {
            if (typeof r?.[field] !== "string" || r[field].length === 0) {
                fail(`resources[${i}].${field} must be a non-empty string`);
            }
        }
        if (r.inputs !== undefined && (typeof r.inputs !== "object" || r.inputs === null || Array.isArray(r.inputs))) {
            fail(`resources[${i}].inputs must be an object`);
        }
        if (r.dependencies !== undefined && !Array.isArray(r.dependencies)) {
            fail(`resources[${i}].dependencies must be a list of URNs`);
        }
    });
    return plan;
}

/** Checks a policy config against the pack: known levels, and each policy's configSchema. */
export function parseConfig(value: unknown, policies: readonly BerthPolicy[] = allPolicies): { config: PolicyPackConfig; warnings: string[] } {
    const fail = (msg: string): never => {
        throw new InputError(`config: ${msg}`);
    };
    if (!value || typeof value !== "object" || Array.isArray(value)) {
        fail("expected a JSON object of policy name -> level or settings");
    }
    const warnings: string[] = [];
    const byName = new Map(policies.map(p => [p.name, p]));
    for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
        const policy = byName.get(name);
        if (!policy && name !== "all") {
            warnings.push(`config names unknown policy "${name}"; it is ignored`);
        }
        if (typeof entry === "string") {
            if (!LEVELS.includes(entry as EnforcementLevel)) {
                fail(`${name}: "${entry}" is not an enforcement level (${LEVELS.join(", ")})`);
            }
            continue;
        }
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            fail(`${name}: must be an enforcement level or an object`);
        }
        const { enforcementLevel, ...props } = entry as Record<string, unknown>;
        if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as EnforcementLevel)) {
            fail(`${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${LEVELS.join(", ")})`);
        }
        if (policy) {
            for (const [key, v] of Object.entries(props)) {
                const s = policy.configSchema?.properties?.[key];
                if (!s) {
                    warnings.push(`${name}.${key} is not a setting of this policy; it is ignored`);
                    continue;
                }
                const error = schemaError(s as Props, v);
                if (error) {
                    fail(`${name}.${key}: ${error}`);
                }
            }
        }
    }
    return { config: value as PolicyPackConfig, warnings };
}

/** The subset of JSON schema the pack's configSchemas use: type, items.type, enum, minimum. */
function schemaError(s: Props, v: unknown): string | undefined {
    const typeOk = (type: string, x: unknown): boolean => {
        switch (type) {
            case "integer":
                return Number.isInteger(x);
            case "number":
                return typeof x === "number";
            case "string":
                return typeof x === "string";
            case "boolean":
                return typeof x === "boolean";
            case "array":
                return Array.isArray(x);
            case "object":
                return !!x && typeof x === "object" && !Array.isArray(x);
            default:
                return true;
        }
    };
    if (typeof s.type === "string" && !typeOk(s.type, v)) {
        return `expected ${s.type}, got ${JSON.stringify(v)}`;
    }
    if (Array.isArray(s.enum) && !s.enum.includes(v)) {
        return `expected one of ${s.enum.map(e => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(v)}`;
    }
    if (typeof s.minimum === "number" && typeof v === "number" && v < s.minimum) {
        return `must be >= ${s.minimum}, got ${v}`;
    }
    if (Array.isArray(v) && s.items && typeof s.items.type === "string") {
        const bad = v.findIndex(x => !typeOk(s.items.type, x));
        if (bad >= 0) {
            return `item ${bad} expected ${s.items.type}, got ${JSON.stringify(v[bad])}`;
        }
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// Config resolution, as the CLI does it: schema defaults < "all" level < the policy's own entry.

function entryOf(config: PolicyPackConfig, name: string): { level?: EnforcementLevel; props: Record<string, unknown> } {
    const entry = config[name];
    if (entry === undefined) {
        return { props: {} };
    }
    if (typeof entry === "string") {
        return { level: entry, props: {} };
    }
    const { enforcementLevel, ...props } = entry;
    return { level: enforcementLevel, props };
}

export function levelOf(
    policy: BerthPolicy,
    config: PolicyPackConfig,
    packLevel: EnforcementLevel = packEnforcementLevel,
): Exclude<EnforcementLevel, "remediate"> {
    const own = entryOf(config, policy.name).level;
    const all = entryOf(config, "all").level;
    const level = own ?? all ?? policy.enforcementLevel ?? packLevel;
    return level === "remediate" ? "mandatory" : level;
}

export function settingsOf(policy: BerthPolicy, config: PolicyPackConfig): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(policy.configSchema?.properties ?? {})) {
        if ((s as Props).default !== undefined) {
            defaults[k] = structuredClone((s as Props).default);
        }
    }
    return { ...defaults, ...entryOf(config, policy.name).props };
}

// ---------------------------------------------------------------------------------------------
// Plan -> CrossGuard arguments

class NotApplicable extends Error {}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "not applicable");
}

function isTypeOf(type: string, resourceClass: any): boolean {
    const token = resourceClass?.__pulumiType;
    if (typeof token === "string" && token.length > 0) {
        return type === token;
    }
    return typeof resourceClass?.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
}

/** `urn:pulumi:stack::project::parent$type::name` -> type and name. */
function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts.length >= 4 ? parts[2] : "";
    const type = qualified.includes("$") ? qualified.slice(qualified.lastIndexOf("$") + 1) : qualified;
    return { type, name: parts.length >= 4 ? parts.slice(3).join("::") : urn };
}

export interface Model {
    plan: Plan;
    /** One entry per plan resource, in plan order, plus synthesised default providers at the end. */
    stackResources: PolicyResource[];
    resourceArgs: Omit<ResourceValidationArgs, "getConfig">[];
}

const EMPTY_TAGS: ReadonlyMap<string, string> = new Map();

/** Maps plan resources to the arguments the engine passes to validateResource and validateStack. */
export function buildModel(plan: Plan): Model {
    const byUrn = new Map(plan.resources.map(r => [r.urn, r]));
    const synthesized = new Map<string, PlanResource>();

    const providerOf = (r: PlanResource): PlanResource | undefined => {
        if (r.type.startsWith("pulumi:providers:")) {
            return undefined;
        }
        const ref = r.provider ?? "";
        if (ref.length > 0) {
            const urn = ref.includes("::") ? ref.slice(0, ref.lastIndexOf("::")) : ref;
            const found = byUrn.get(urn) ?? byUrn.get(ref);
            if (found) {
                return found;
            }
            if (!synthesized.has(urn)) {
                synthesized.set(urn, { urn, ...urnParts(urn), custom: true, inputs: {} });
            }
            return synthesized.get(urn);
        }
        if (r.custom === false) {
            return undefined; // components have no provider
        }
        // The engine gives every custom resource without an explicit provider its package's default provider.
        const pkg = r.type.split(":")[0];
        const type = `pulumi:providers:${pkg}`;
        const existing = plan.resources.find(p => p.type === type && p.name.startsWith("default"));
        if (existing) {
            return existing;
        }
        const urn = `urn:pulumi:${plan.stack}::${plan.project}::${type}::default`;
        if (!synthesized.has(urn)) {
            const inputs = pkg === "aws" && plan.region ? { region: plan.region } : {};
            synthesized.set(urn, { urn, type, name: "default", custom: true, inputs });
        }
        return synthesized.get(urn);
    };

    const providers = new Map<string, PlanResource | undefined>(plan.resources.map(r => [r.urn, providerOf(r)]));
    const all = [...plan.resources, ...synthesized.values()];

    const propsOf = (r: PlanResource): Props => unknownCheckingProxy(structuredClone(r.inputs ?? {}));
    const providerRecord = (p: PlanResource | undefined): PolicyProviderResource | undefined =>
        p ? { type: p.type, name: p.name, urn: p.urn, props: propsOf(p) } : undefined;
    const optsOf = (r: PlanResource): PolicyResourceOptions => {
        const o = r.options ?? {};
        const opts: PolicyResourceOptions & Record<string, unknown> = {
            protect: o.protect === true,
            ignoreChanges: [...(o.ignoreChanges ?? [])],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            // Not in the engine's options; kept for readers of the offline model.
            retainOnDelete: o.retainOnDelete === true,
            dependencies: [...(r.dependencies ?? [])],
            provider: r.provider ?? "",
        };
        if (o.deleteBeforeReplace !== undefined) {
            opts.deleteBeforeReplace = o.deleteBeforeReplace;
        }
        if (r.parent) {
            opts.parent = r.parent;
        }
        return opts;
    };

    const stackResources: PolicyResource[] = all.map(r => {
        const props = propsOf(r);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: any) => isTypeOf(r.type, cls),
            asType: (cls: any) => (isTypeOf(r.type, cls) ? (props as any) : undefined),
        };
        const provider = providerRecord(providers.get(r.urn));
        if (provider) {
            resource.provider = provider;
        }
        return resource;
    });
    const stackByUrn = new Map(stackResources.map(r => [r.urn, r]));
    all.forEach((r, i) => {
        const resource = stackResources[i];
        resource.dependencies = (r.dependencies ?? [])
            .map(u => stackByUrn.get(u))
            .filter((d): d is PolicyResource => d !== undefined);
        const parent = r.parent ? stackByUrn.get(r.parent) : undefined;
        if (parent) {
            resource.parent = parent;
        }
    });

    const resourceArgs = plan.resources.map(r => {
        const props = propsOf(r);
        const args: Omit<ResourceValidationArgs, "getConfig"> = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optsOf(r),
            stackTags: EMPTY_TAGS,
            isType: (cls: any) => isTypeOf(r.type, cls),
            asType: (cls: any) => (isTypeOf(r.type, cls) ? (props as any) : undefined),
            notApplicable: throwNotApplicable,
        };
        const provider = providerRecord(providers.get(r.urn));
        if (provider) {
            args.provider = provider;
        }
        return args;
    });

    return { plan, stackResources, resourceArgs };
}

// ---------------------------------------------------------------------------------------------
// Running the policies

export type ViolationLevel = "mandatory" | "advisory";

export interface Violation {
    policy: string;
    reference: string;
    level: ViolationLevel;
    message: string;
    /** The resource the violation is about; absent for a violation of the whole stack. */
    urn?: string;
    resourceName?: string;
    resourceType?: string;
}

export interface CheckResult {
    project: string;
    stack: string;
    region?: string;
    /** Policies that ran (not disabled). */
    policies: number;
    disabled: string[];
    resources: number;
    violations: Violation[];
    mandatory: number;
    advisory: number;
}

function isStackPolicy(p: BerthPolicy): p is Extract<BerthPolicy, { validateStack: unknown }> {
    return typeof (p as any).validateStack === "function";
}

/**
 * Runs every resource through each resource policy and the whole plan through each stack policy,
 * with the levels and settings of `config`. Violations come mandatory first, then in pack order.
 */
export async function checkPlan(
    plan: Plan,
    config: PolicyPackConfig = {},
    policies: readonly BerthPolicy[] = allPolicies,
): Promise<CheckResult> {
    const model = buildModel(plan);
    const byUrn = new Map(model.stackResources.map(r => [r.urn, r]));
    const violations: (Violation & { order: number })[] = [];
    const disabled: string[] = [];
    let ran = 0;

    for (const [order, policy] of policies.entries()) {
        const level = levelOf(policy, config);
        if (level === "disabled") {
            disabled.push(policy.name);
            continue;
        }
        ran++;
        const settings = settingsOf(policy, config);
        const getConfig = <T extends object>() => structuredClone(settings) as T;
        const base = { policy: policy.name, reference: referenceOf(policy), order };
        const push = (message: string, lvl: ViolationLevel, urn?: string) => {
            const r = urn ? byUrn.get(urn) : undefined;
            violations.push({ ...base, level: lvl, message, urn, resourceName: r?.name, resourceType: r?.type });
        };
        const failed = (e: unknown, urn?: string) => {
            if (e instanceof NotApplicable) {
                return;
            }
            if (e instanceof UnknownValueError) {
                // The engine downgrades these to advisory: the check runs again at `pulumi up`.
                push(`can't run policy during preview: ${e.message}`, "advisory", urn);
                return;
            }
            push(`policy raised an error: ${(e as Error)?.message ?? String(e)}`, "mandatory", urn);
        };

        if (isStackPolicy(policy)) {
            const args: StackValidationArgs = {
                resources: model.stackResources,
                stackTags: EMPTY_TAGS,
                getConfig,
                notApplicable: throwNotApplicable,
            };
            try {
                await policy.validateStack(args, (message, urn) => push(message, level, urn));
            } catch (e) {
                failed(e);
            }
            continue;
        }

        const validations = [policy.validateResource ?? []].flat();
        for (const args of model.resourceArgs) {
            for (const validate of validations) {
                const token = (validate as any).__pulumiType;
                if (typeof token === "string" && token !== args.type) {
                    continue;
                }
                try {
                    await validate({ ...args, getConfig }, message => push(message, level, args.urn));
                } catch (e) {
                    failed(e, args.urn);
                }
            }
        }
    }

    violations.sort((a, b) => (a.level === b.level ? a.order - b.order : a.level === "mandatory" ? -1 : 1));
    const result = violations.map(({ order, ...v }) => v);
    return {
        project: plan.project,
        stack: plan.stack,
        region: plan.region,
        policies: ran,
        disabled,
        resources: plan.resources.length,
        violations: result,
        mandatory: result.filter(v => v.level === "mandatory").length,
        advisory: result.filter(v => v.level === "advisory").length,
    };
}

// ---------------------------------------------------------------------------------------------
// Report

export function summaryLine(result: CheckResult): string {
    return `${result.policies} policies, ${result.resources} resources, ${result.mandatory} mandatory, ${result.advisory} advisory violations`;
}

/** Violations grouped by policy (mandatory groups first), then the one-line summary. */
export function formatReport(result: CheckResult, source?: { plan?: string; config?: string }): string {
    const lines: string[] = [];
    const where = [source?.plan ? `plan ${source.plan}` : "", source?.config ? `config ${source.config}` : "no config"]
        .filter(s => s.length > 0)
        .join(", ");
    lines.push(`${PACK_NAME}: stack ${result.stack}${result.region ? ` (${result.region})` : ""}, ${where}`);
    if (result.disabled.length > 0) {
        lines.push(`disabled: ${result.disabled.join(", ")}`);
    }
    const groups: { key: string; items: Violation[] }[] = [];
    for (const v of result.violations) {
        const key = `${v.level}\u0000${v.policy}`;
        const last = groups[groups.length - 1];
        if (last && last.key === key) {
            last.items.push(v);
        } else {
            groups.push({ key, items: [v] });
        }
    }
    for (const g of groups) {
        const first = g.items[0];
        lines.push("");
        lines.push(`${first.level.toUpperCase()} ${first.policy} [${first.reference}]`);
        for (const v of g.items) {
            const subject = v.resourceName ? `${v.resourceName} (${v.resourceType})` : "(stack)";
            lines.push(`  - ${subject}: ${v.message}`);
        }
    }
    if (groups.length === 0) {
        lines.push("");
        lines.push("no violations");
    }
    lines.push("");
    lines.push(summaryLine(result));
    return lines.join("\n");
}

export function exitCodeOf(result: CheckResult): number {
    return result.mandatory > 0 ? 1 : 0;
}
