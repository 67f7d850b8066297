// Network: load balancer listeners and headers, internet-facing ingress.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    asArray,
    dependenciesOf,
    describe,
    forStack,
    forTypes,
    known,
    LISTENER_TYPES,
    LOAD_BALANCER_TYPES,
    MANDATORY,
    ofType,
    Props,
    schema,
    settings,
    show,
    T,
    tagsOf,
} from "./util";

function isApplication(props: Props): boolean {
    const type = props.loadBalancerType;
    return type === undefined || type === "application";
}

/** The load balancer a listener belongs to, found through its dependencies. */
function loadBalancerOf(listener: PolicyResource): PolicyResource | undefined {
    return dependenciesOf(listener, "loadBalancerArn").find(d => LOAD_BALANCER_TYPES.includes(d.type));
}

function redirectsToHttps(listenerProps: Props): boolean {
    return asArray<Props>(listenerProps.defaultActions).some(
        a => a?.type === "redirect" && a.redirect?.protocol === "HTTPS",
    );
}

export const httpRedirectsToHttps: StackValidationPolicy = {
    name: "alb-http-redirects-to-https",
    description: describe(
        "On a load balancer that has an HTTPS listener, every HTTP listener's default action redirects to HTTPS",
        "Security Hub ELB.1",
    ),
    enforcementLevel: MANDATORY,
    validateStack: forStack((args, report) => {
        const listeners = ofType(args.resources, LISTENER_TYPES);
        for (const lb of ofType(args.resources, LOAD_BALANCER_TYPES)) {
            const own = listeners.filter(l => loadBalancerOf(l)?.urn === lb.urn);
            const https = own.filter(l => l.props.protocol === "HTTPS");
            if (https.length === 0) {
                continue;
            }
            for (const l of own) {
                if (l.props.protocol !== "HTTP" || redirectsToHttps(l.props)) {
                    continue;
                }
                const actions = asArray<Props>(l.props.defaultActions).map(a => a?.type);
                report(
                    `HTTP listener "${l.name}" (port ${l.props.port}) of load balancer "${lb.name}" answers with ` +
                        `${actions.length > 0 ? actions.join(", ") : "no default action"} although the load balancer ` +
                        `has an HTTPS listener (port ${https.map(h => h.props.port).join(", ")}); make its default action ` +
                        `{type: "redirect", redirect: {protocol: "HTTPS", port: "443", statusCode: "HTTP_301"}}`,
                    l.urn,
                );
            }
        }
    }),
};

export const dropInvalidHeaders: ResourceValidationPolicy = {
    name: "alb-drop-invalid-headers",
    description: describe("Application load balancers drop invalid HTTP header fields", "Security Hub ELB.4"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes(LOAD_BALANCER_TYPES, (props, args, report) => {
        if (isApplication(props) && props.dropInvalidHeaderFields !== true) {
            report(`dropInvalidHeaderFields is ${show(props.dropInvalidHeaderFields)}; set it to true`);
        }
    }),
};

/** Security Hub ELB.17's list, plus AWS's default policy for new HTTPS listeners. */
export const RECOMMENDED_SSL_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

interface TlsConfig {
    allowedSslPolicies: string[];
}

const tlsSchema = schema({
    allowedSslPolicies: { type: "array", items: { type: "string" }, default: RECOMMENDED_SSL_POLICIES },
});

export const httpsTlsPolicy: ResourceValidationPolicy = {
    name: "alb-https-tls-policy",
    description: describe(
        "HTTPS listeners use a recommended TLS 1.2+/1.3 security policy (allowedSslPolicies)",
        "Security Hub ELB.17",
    ),
    enforcementLevel: MANDATORY,
    configSchema: tlsSchema,
    validateResource: forTypes(LISTENER_TYPES, (props, args, report) => {
        if (props.protocol !== "HTTPS" && props.protocol !== "TLS") {
            return;
        }
        const config = settings<TlsConfig>(args, tlsSchema);
        const policy = props.sslPolicy;
        if (typeof policy !== "string" || !config.allowedSslPolicies.includes(policy)) {
            const value = policy === undefined ? `unset (AWS default "ELBSecurityPolicy-2016-08", TLS 1.0)` : show(policy);
            report(
                `${props.protocol} listener on port ${props.port} uses sslPolicy ${value}; ` +
                    `set sslPolicy to one of ${config.allowedSslPolicies.slice(0, 3).join(", ")}` +
                    `${config.allowedSslPolicies.length > 3 ? " (or another allowedSslPolicies entry)" : ""}`,
            );
        }
    }),
};

// ---------------------------------------------------------------------------------------------
// Ingress from the internet

const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

interface PublicIngressConfig {
    publicPorts: number[];
    /** Tag and value that mark the load balancer's security group. */
    loadBalancerRoleTag: string;
    loadBalancerRoleValue: string;
}

interface OpenRule {
    label: string;
    urn: string;
    protocol: string;
    fromPort?: number;
    toPort?: number;
    cidr: string;
    group?: PolicyResource;
}

function protocolName(p: unknown): string {
    if (p === "-1" || p === -1 || p === "all") {
        return "all";
    }
    if (p === "6") {
        return "tcp";
    }
    return String(p);
}

function portsText(r: OpenRule): string {
    if (r.protocol === "all") {
        return "all traffic";
    }
    if (r.fromPort === undefined || r.fromPort === r.toPort || r.toPort === undefined) {
        return `${r.protocol} ${r.fromPort ?? "(all ports)"}`;
    }
    return `${r.protocol} ${r.fromPort}-${r.toPort}`;
}

/** Every rule in the stack that admits 0.0.0.0/0 or ::/0, with the security group it belongs to. */
function openIngressRules(resources: readonly PolicyResource[]): OpenRule[] {
    const rules: OpenRule[] = [];
    const groupOf = (r: PolicyResource) => dependenciesOf(r, "securityGroupId").filter(d => d.type === T.securityGroup);
    for (const r of ofType(resources, T.ingressRule)) {
        for (const cidr of [known(() => r.props.cidrIpv4), known(() => r.props.cidrIpv6)]) {
            if (typeof cidr === "string" && OPEN_CIDRS.includes(cidr)) {
                const groups = groupOf(r);
                rules.push({
                    label: `ingress rule "${r.name}"`,
                    urn: r.urn,
                    protocol: protocolName(r.props.ipProtocol),
                    fromPort: r.props.fromPort,
                    toPort: r.props.toPort,
                    cidr,
                    group: groups.length === 1 ? groups[0] : undefined,
                });
            }
        }
    }
    for (const r of ofType(resources, T.securityGroupRule)) {
        if (r.props.type !== "ingress") {
            continue;
        }
        const cidrs = [...asArray<string>(known(() => r.props.cidrBlocks)), ...asArray<string>(known(() => r.props.ipv6CidrBlocks))];
        for (const cidr of cidrs.filter(c => OPEN_CIDRS.includes(c))) {
            const groups = groupOf(r);
            rules.push({
                label: `security group rule "${r.name}"`,
                urn: r.urn,
                protocol: protocolName(r.props.protocol),
                fromPort: r.props.fromPort,
                toPort: r.props.toPort,
                cidr,
                group: groups.length === 1 ? groups[0] : undefined,
            });
        }
    }
    for (const sg of ofType(resources, T.securityGroup)) {
        asArray<Props>(known(() => sg.props.ingress)).forEach((rule, i) => {
            const cidrs = [...asArray<string>(rule?.cidrBlocks), ...asArray<string>(rule?.ipv6CidrBlocks)];
            for (const cidr of cidrs.filter(c => OPEN_CIDRS.includes(c))) {
                rules.push({
                    label: `inline ingress #${i + 1}`,
                    urn: sg.urn,
                    protocol: protocolName(rule.protocol),
                    fromPort: rule.fromPort,
                    toPort: rule.toPort,
                    cidr,
                    group: sg,
                });
            }
        });
    }
    return rules;
}

const publicIngressSchema = schema({
    publicPorts: { type: "array", items: { type: "integer" }, default: [80, 443] },
    loadBalancerRoleTag: { type: "string", default: "berth:role" },
    loadBalancerRoleValue: { type: "string", default: "load-balancer" },
});

export const noPublicIngress: StackValidationPolicy = {
    name: "no-public-ingress",
    description: describe(
        "No security group admits 0.0.0.0/0 or ::/0, except the load balancer's (tag berth:role=load-balancer) " +
            "on its listener ports 80 and 443 over TCP",
        "Security Hub EC2.18",
    ),
    enforcementLevel: MANDATORY,
    configSchema: publicIngressSchema,
    validateStack: forStack((args, report) => {
        const config = settings<PublicIngressConfig>(args, publicIngressSchema);
        const marker = `${config.loadBalancerRoleTag}=${config.loadBalancerRoleValue}`;
        for (const rule of openIngressRules(args.resources)) {
            const what = `${rule.label} opens ${portsText(rule)} to ${rule.cidr}`;
            if (!rule.group) {
                report(
                    `${what} but its security group cannot be found in this stack; attach the rule to a ` +
                        `security group of this stack, or restrict the source`,
                    rule.urn,
                );
                continue;
            }
            const isLoadBalancer = tagsOf(rule.group.props)[config.loadBalancerRoleTag] === config.loadBalancerRoleValue;
            if (!isLoadBalancer) {
                report(
                    `${what} on security group "${rule.group.name}", which is not the load balancer's (tag ${marker}); ` +
                        `restrict the source to a security group or a private CIDR`,
                    rule.urn,
                );
                continue;
            }
            const singlePort = rule.fromPort !== undefined && rule.fromPort === rule.toPort;
            if (rule.protocol !== "tcp" || !singlePort || !config.publicPorts.includes(rule.fromPort as number)) {
                report(
                    `${what} on the load balancer's security group "${rule.group.name}"; only tcp ports ` +
                        `${config.publicPorts.join(", ")} may be open to the internet, one rule per port`,
                    rule.urn,
                );
            }
        }
    }),
};

/** Every egress rule in the stack that sends to 0.0.0.0/0 or ::/0, with the security group it belongs to. */
function openEgressRules(resources: readonly PolicyResource[]): OpenRule[] {
    const rules: OpenRule[] = [];
    const groupOf = (r: PolicyResource) => dependenciesOf(r, "securityGroupId").filter(d => d.type === T.securityGroup);
    const one = (groups: PolicyResource[]) => (groups.length === 1 ? groups[0] : undefined);
    for (const r of ofType(resources, T.egressRule)) {
        for (const cidr of [known(() => r.props.cidrIpv4), known(() => r.props.cidrIpv6)]) {
            if (typeof cidr === "string" && OPEN_CIDRS.includes(cidr)) {
                rules.push({ label: `egress rule "${r.name}"`, urn: r.urn, protocol: protocolName(r.props.ipProtocol),
                    fromPort: r.props.fromPort, toPort: r.props.toPort, cidr, group: one(groupOf(r)) });
            }
        }
    }
    for (const r of ofType(resources, T.securityGroupRule)) {
        if (r.props.type !== "egress") {
            continue;
        }
        const cidrs = [...asArray<string>(known(() => r.props.cidrBlocks)), ...asArray<string>(known(() => r.props.ipv6CidrBlocks))];
        for (const cidr of cidrs.filter(c => OPEN_CIDRS.includes(c))) {
            rules.push({ label: `security group rule "${r.name}"`, urn: r.urn, protocol: protocolName(r.props.protocol),
                fromPort: r.props.fromPort, toPort: r.props.toPort, cidr, group: one(groupOf(r)) });
        }
    }
    for (const sg of ofType(resources, T.securityGroup)) {
        asArray<Props>(known(() => sg.props.egress)).forEach((rule, i) => {
            const cidrs = [...asArray<string>(rule?.cidrBlocks), ...asArray<string>(rule?.ipv6CidrBlocks)];
            for (const cidr of cidrs.filter(c => OPEN_CIDRS.includes(c))) {
                rules.push({ label: `inline egress #${i + 1}`, urn: sg.urn, protocol: protocolName(rule.protocol),
                    fromPort: rule.fromPort, toPort: rule.toPort, cidr, group: sg });
            }
        });
    }
    return rules;
}

interface WorldEgressConfig {
    allowWorldEgress: boolean;
}

const worldEgressSchema = schema({
    allowWorldEgress: { type: "boolean", default: false },
});

export const worldEgressOnlyHttps: StackValidationPolicy = {
    name: "egress-world-only-https",
    description: describe(
        "Security groups send to 0.0.0.0/0 or ::/0 only on TCP 443, unless this environment's pack config sets " +
            "allowWorldEgress (as its stack sets berth:network.allowWorldEgress)",
        "berth org rule: services name where they send",
    ),
    enforcementLevel: MANDATORY,
    configSchema: worldEgressSchema,
    validateStack: forStack((args, report) => {
        if (settings<WorldEgressConfig>(args, worldEgressSchema).allowWorldEgress) {
            return;
        }
        for (const rule of openEgressRules(args.resources)) {
            const https = rule.protocol === "tcp" && rule.fromPort === 443 && rule.toPort === 443;
            if (!https) {
                const group = rule.group ? ` of security group "${rule.group.name}"` : "";
                report(
                    `${rule.label}${group} sends ${portsText(rule)} to ${rule.cidr}; only tcp 443 may go to the whole ` +
                        `internet in this environment: name the destination network, or allow it for the environment ` +
                        `(allowWorldEgress: true in this policy's config)`,
                    rule.urn,
                );
            }
        }
    }),
};

export const networkPolicies = [httpRedirectsToHttps, dropInvalidHeaders, httpsTlsPolicy, noPublicIngress, worldEgressOnlyHttps];
