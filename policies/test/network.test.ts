import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runResource, runStack, StackInput } from "./harness";
import { listener, loadBalancer, NOT_FOUND, TAGS } from "./resources";

describe("alb-http-redirects-to-https", () => {
    const lb: StackInput = { ...loadBalancer(), name: "prod-alb" };
    const http = (extra: Record<string, any> = {}): StackInput => ({ ...listener("HTTP", extra), name: "prod-http", dependsOn: ["prod-alb"] });
    const https: StackInput = { ...listener("HTTPS"), name: "prod-https", dependsOn: ["prod-alb"] };
    const run = (stack: StackInput[]) => runStack("alb-http-redirects-to-https", stack);

    it("passes when HTTP redirects to HTTPS", () => {
        assert.deepEqual(run([lb, http(), https]), []);
    });

    it("passes for an HTTP-only load balancer", () => {
        assert.deepEqual(run([lb, http({ defaultActions: NOT_FOUND })]), []);
    });

    it("ignores listeners of another load balancer", () => {
        const other: StackInput = { ...loadBalancer(), name: "internal-alb" };
        const otherHttp: StackInput = { ...listener("HTTP", { defaultActions: NOT_FOUND }), name: "internal-http", dependsOn: ["internal-alb"] };
        assert.deepEqual(run([lb, http(), https, other, otherHttp]), []);
    });

    it("reports an HTTP listener that serves content next to an HTTPS listener", () => {
        assert.deepEqual(run([lb, http({ defaultActions: NOT_FOUND }), https]), [
            {
                message:
                    'HTTP listener "prod-http" (port 80) of load balancer "prod-alb" answers with fixed-response although the load balancer has an HTTPS listener (port 443); make its default action {type: "redirect", redirect: {protocol: "HTTPS", port: "443", statusCode: "HTTP_301"}}',
                resource: "prod-http",
            },
        ]);
    });
});

describe("alb-drop-invalid-headers", () => {
    const run = (r = loadBalancer()) => runResource("alb-drop-invalid-headers", r);

    it("passes when invalid headers are dropped", () => {
        assert.deepEqual(run(), []);
    });

    it("does not apply to network load balancers", () => {
        assert.deepEqual(run(loadBalancer({ loadBalancerType: "network", dropInvalidHeaderFields: undefined })), []);
    });

    it("reports an unset dropInvalidHeaderFields", () => {
        assert.deepEqual(run(loadBalancer({ dropInvalidHeaderFields: undefined })), [
            "dropInvalidHeaderFields is unset; set it to true",
        ]);
    });
});

describe("alb-https-tls-policy", () => {
    const run = (r = listener("HTTPS"), settings?: Record<string, unknown>) => runResource("alb-https-tls-policy", r, settings);

    it("passes for a recommended policy", () => {
        assert.deepEqual(run(), []);
    });

    it("does not apply to HTTP listeners", () => {
        assert.deepEqual(run(listener("HTTP")), []);
    });

    it("reports an old policy", () => {
        assert.deepEqual(run(listener("HTTPS", { sslPolicy: "ELBSecurityPolicy-2016-08" })), [
            'HTTPS listener on port 443 uses sslPolicy "ELBSecurityPolicy-2016-08"; set sslPolicy to one of ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04 (or another allowedSslPolicies entry)',
        ]);
    });

    it("reports an unset policy against the configured list", () => {
        assert.deepEqual(run(listener("HTTPS", { sslPolicy: undefined }), { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] }), [
            'HTTPS listener on port 443 uses sslPolicy unset (AWS default "ELBSecurityPolicy-2016-08", TLS 1.0); set sslPolicy to one of ELBSecurityPolicy-TLS13-1-3-2021-06',
        ]);
    });
});

describe("no-public-ingress", () => {
    const albSg: StackInput = {
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "prod-alb-sg",
        props: { vpcId: "vpc-1", description: "load balancer", tags: { ...TAGS, "berth:role": "load-balancer" } },
    };
    const serviceSg: StackInput = {
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "orders-sg",
        props: { vpcId: "vpc-1", description: "orders tasks", tags: { ...TAGS, "berth:role": "service" } },
    };
    const ingress = (name: string, group: string, extra: Record<string, any>): StackInput => ({
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        name,
        props: { securityGroupId: "sg-id", ipProtocol: "tcp", description: name, tags: TAGS, ...extra },
        dependsOn: [group],
    });
    const open = (name: string, group: string, port: number, cidr = { cidrIpv4: "0.0.0.0/0" }) =>
        ingress(name, group, { fromPort: port, toPort: port, ...cidr });
    const baseline = [
        albSg,
        serviceSg,
        open("alb-http", "prod-alb-sg", 80),
        open("alb-https", "prod-alb-sg", 443),
        open("alb-https-v6", "prod-alb-sg", 443, { cidrIpv6: "::/0" } as any),
        // Source is the load balancer's group: depends on both groups, no CIDR.
        ingress("orders-from-alb", "orders-sg", { fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-alb" }),
        ingress("orders-from-vpc", "orders-sg", { fromPort: 8080, toPort: 8080, cidrIpv4: "10.30.0.0/16" }),
    ];
    const run = (stack: StackInput[]) => runStack("no-public-ingress", stack);

    it("passes when only the load balancer's 80/443 are open", () => {
        assert.deepEqual(run(baseline), []);
    });

    it("reports a service port open to the internet", () => {
        assert.deepEqual(run([...baseline, open("orders-public", "orders-sg", 8080)]), [
            {
                message:
                    'ingress rule "orders-public" opens tcp 8080 to 0.0.0.0/0 on security group "orders-sg", which is not the load balancer\'s (tag berth:role=load-balancer); restrict the source to a security group or a private CIDR',
                resource: "orders-public",
            },
        ]);
    });

    it("reports another port on the load balancer's group", () => {
        assert.deepEqual(run([...baseline, open("alb-admin", "prod-alb-sg", 8443, { cidrIpv6: "::/0" } as any)]), [
            {
                message:
                    'ingress rule "alb-admin" opens tcp 8443 to ::/0 on the load balancer\'s security group "prod-alb-sg"; only tcp ports 80, 443 may be open to the internet, one rule per port',
                resource: "alb-admin",
            },
        ]);
    });

    it("reports all traffic open on the load balancer's group", () => {
        const all = ingress("alb-all", "prod-alb-sg", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
        assert.deepEqual(run([...baseline, all]), [
            {
                message:
                    'ingress rule "alb-all" opens all traffic to 0.0.0.0/0 on the load balancer\'s security group "prod-alb-sg"; only tcp ports 80, 443 may be open to the internet, one rule per port',
                resource: "alb-all",
            },
        ]);
    });

    it("reports a port range", () => {
        assert.deepEqual(run([...baseline, ingress("alb-range", "prod-alb-sg", { fromPort: 80, toPort: 443, cidrIpv4: "0.0.0.0/0" })]), [
            {
                message:
                    'ingress rule "alb-range" opens tcp 80-443 to 0.0.0.0/0 on the load balancer\'s security group "prod-alb-sg"; only tcp ports 80, 443 may be open to the internet, one rule per port',
                resource: "alb-range",
            },
        ]);
    });

    it("reports inline ingress of a security group", () => {
        const inline: StackInput = {
            ...serviceSg,
            name: "legacy-sg",
            props: { ...serviceSg.props, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
        };
        assert.deepEqual(run([...baseline, inline]), [
            {
                message:
                    'inline ingress #1 opens tcp 22 to 0.0.0.0/0 on security group "legacy-sg", which is not the load balancer\'s (tag berth:role=load-balancer); restrict the source to a security group or a private CIDR',
                resource: "legacy-sg",
            },
        ]);
    });

    it("reports a rule whose security group is not in the stack", () => {
        const orphan: StackInput = { ...open("orphan", "prod-alb-sg", 443), dependsOn: [] };
        assert.deepEqual(run([...baseline, orphan]), [
            {
                message:
                    'ingress rule "orphan" opens tcp 443 to 0.0.0.0/0 but its security group cannot be found in this stack; attach the rule to a security group of this stack, or restrict the source',
                resource: "orphan",
            },
        ]);
    });
});

describe("egress-world-only-https", () => {
    const sg: StackInput = {
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "prod-orders-sg",
        props: { vpcId: "vpc-1", description: "orders tasks", tags: TAGS },
    };
    const egress = (name: string, extra: Record<string, any>): StackInput => ({
        type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        name,
        props: { securityGroupId: "sg-id", ipProtocol: "tcp", description: name, tags: TAGS, ...extra },
        dependsOn: ["prod-orders-sg"],
    });
    const baseline = [
        sg,
        egress("prod-orders-out-https", { fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        egress("prod-orders-egress-db", { fromPort: 5432, toPort: 5432, cidrIpv4: "10.43.0.0/24" }),
    ];
    const run = (stack: StackInput[], settings?: Record<string, unknown>) => runStack("egress-world-only-https", stack, settings);
    const smtp = egress("prod-orders-egress-smtp", { fromPort: 25, toPort: 25, cidrIpv6: "::/0" });

    it("passes for TCP 443 to the internet and a private database", () => {
        assert.deepEqual(run(baseline), []);
    });

    it("reports another port to the internet", () => {
        assert.deepEqual(run([...baseline, smtp]), [
            {
                message:
                    'egress rule "prod-orders-egress-smtp" of security group "prod-orders-sg" sends tcp 25 to ::/0; only tcp 443 may go to the whole internet in this environment: name the destination network, or allow it for the environment (allowWorldEgress: true in this policy\'s config)',
                resource: "prod-orders-egress-smtp",
            },
        ]);
    });

    it("reports UDP 443 to the internet", () => {
        const quic = egress("prod-orders-egress-quic", { ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
        assert.equal(run([...baseline, quic]).length, 1);
    });

    it("passes where the environment allows it", () => {
        assert.deepEqual(run([...baseline, smtp], { allowWorldEgress: true }), []);
    });
});
