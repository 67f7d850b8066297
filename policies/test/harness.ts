// Runs one policy against hand-built CrossGuard arguments, the way the engine builds them
// (@pulumi/policy has no test harness: pulumi-policy#445). Props are wrapped with
// unknownCheckingProxy like the real runtime, so an unknown value throws UnknownValueError.
import {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import assert from "node:assert/strict";
import { allPolicies } from "../src/all";
import { fixSuffix } from "../src/fixes";
import { BerthPolicy, unknownCheckingProxy } from "../src/util";

/** The engine's sentinel for a string not known during preview. */
export const UNKNOWN: string = require("@pulumi/policy/proxy").unknownStringValue;

export const STACK = "prod";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::berth::${type}::${name}`;
}

export function policy(name: string): BerthPolicy {
    const found = allPolicies.find(p => p.name === name);
    if (!found) {
        throw new Error(`no policy named ${name}`);
    }
    return found;
}

class NotApplicable extends Error {}

/**
 * Every message must end with the policy's berth fix (src/fixes.ts); tests assert the rest of it
 * exactly, so the suffix is checked here and taken off.
 */
export function withoutFix(name: string, message: string): string {
    const suffix = fixSuffix(name);
    assert.ok(message.endsWith(suffix), `${name}: message does not end with its berth fix: ${message}`);
    return message.slice(0, message.length - suffix.length);
}

function optsOf(given?: Partial<PolicyResourceOptions>): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...given,
    };
}

/** Schema defaults with the test's settings over them: what the CLI hands to getConfig. */
function configFor(p: BerthPolicy, settings: Record<string, unknown> = {}): () => any {
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
        if ((s as any).default !== undefined) {
            defaults[k] = structuredClone((s as any).default);
        }
    }
    return () => ({ ...defaults, ...settings });
}

function isTypeOf(type: string) {
    return (cls: any) => cls?.__pulumiType === type;
}

export interface ResourceInput {
    type: string;
    props: Record<string, any>;
    name?: string;
    opts?: Partial<PolicyResourceOptions>;
    provider?: { type: string; name: string; props: Record<string, any> };
}

function providerOf(p?: ResourceInput["provider"]): PolicyProviderResource | undefined {
    return p ? { ...p, urn: urnOf(p.type, p.name), props: unknownCheckingProxy(structuredClone(p.props)) } : undefined;
}

/** Messages a resource policy reports for one resource ([] when it passes or does not apply). */
export function runResource(name: string, resource: ResourceInput, settings?: Record<string, unknown>): string[] {
    const p = policy(name) as ResourceValidationPolicy;
    if (!p.validateResource) {
        throw new Error(`${name} is not a resource policy`);
    }
    const resourceName = resource.name ?? "test";
    const props = unknownCheckingProxy(structuredClone(resource.props));
    const args: ResourceValidationArgs = {
        type: resource.type,
        props,
        urn: urnOf(resource.type, resourceName),
        name: resourceName,
        opts: optsOf(resource.opts),
        stackTags: new Map(),
        isType: isTypeOf(resource.type),
        asType: (cls: any) => (isTypeOf(resource.type)(cls) ? (props as any) : undefined),
        getConfig: configFor(p, settings),
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
    const provider = providerOf(resource.provider);
    if (provider) {
        args.provider = provider;
    }
    const messages: string[] = [];
    for (const validate of [p.validateResource].flat()) {
        try {
            validate(args, message => messages.push(withoutFix(name, message)));
        } catch (e) {
            if (!(e instanceof NotApplicable)) {
                throw e;
            }
        }
    }
    return messages;
}

export interface StackInput extends ResourceInput {
    name: string;
    /** Names of other resources of the same test stack this one depends on. */
    dependsOn?: string[];
}

export interface Reported {
    message: string;
    /** Name of the resource the violation is attached to; undefined for the whole stack. */
    resource?: string;
}

/** Violations a stack policy reports for a stack made of `resources`. */
export function runStack(name: string, resources: StackInput[], settings?: Record<string, unknown>): Reported[] {
    const p = policy(name) as StackValidationPolicy;
    if (typeof p.validateStack !== "function") {
        throw new Error(`${name} is not a stack policy`);
    }
    const built: PolicyResource[] = resources.map(r => {
        const props = unknownCheckingProxy(structuredClone(r.props));
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: urnOf(r.type, r.name),
            name: r.name,
            opts: optsOf(r.opts),
            dependencies: [],
            propertyDependencies: {},
            isType: isTypeOf(r.type),
            asType: (cls: any) => (isTypeOf(r.type)(cls) ? (props as any) : undefined),
        };
        const provider = providerOf(r.provider);
        if (provider) {
            resource.provider = provider;
        }
        return resource;
    });
    const byName = new Map(built.map(r => [r.name, r]));
    resources.forEach((r, i) => {
        built[i].dependencies = (r.dependsOn ?? []).map(n => {
            const d = byName.get(n);
            if (!d) {
                throw new Error(`${r.name} depends on unknown test resource ${n}`);
            }
            return d;
        });
    });
    const byUrn = new Map(built.map(r => [r.urn, r.name]));
    const args: StackValidationArgs = {
        resources: built,
        stackTags: new Map(),
        getConfig: configFor(p, settings),
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
    const reported: Reported[] = [];
    try {
        p.validateStack(args, (message, urn) => reported.push({ message: withoutFix(name, message), resource: urn ? byUrn.get(urn) : undefined }));
    } catch (e) {
        if (!(e instanceof NotApplicable)) {
            throw e;
        }
    }
    return reported;
}

/** A deep copy of `base` with `path` (dot separated) set to `value`; undefined deletes the key. */
export function withProp<T extends Record<string, any>>(base: T, path: string, value: unknown): T {
    const copy = structuredClone(base);
    const keys = path.split(".");
    let target: any = copy;
    for (const k of keys.slice(0, -1)) {
        target[k] ??= {};
        target = target[k];
    }
    const last = keys[keys.length - 1];
    if (value === undefined) {
        delete target[last];
    } else {
        target[last] = value;
    }
    return copy;
}
