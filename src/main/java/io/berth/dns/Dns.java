package io.berth.dns;

import com.pulumi.aws.route53.HealthCheck;
import com.pulumi.aws.route53.HealthCheckArgs;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.aws.route53.inputs.RecordFailoverRoutingPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.DnsConfig;
import io.berth.model.EnvironmentConfig;
import io.berth.support.FormerNames;
import io.berth.support.Tags;
import io.berth.ingress.LoadBalancer;
import io.berth.support.PropertyDependencies;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment's public name. Without a replica: one alias record to the load balancer. With
 * one: Route 53 failover records, the primary carrying a health check on the primary load balancer
 * and the secondary pointing at the replica's. Failover is then decided by Route 53's data plane
 * (health checks and DNS answers), which keeps working when its control plane in us-east-1 does
 * not (AWS rule 27).
 *
 * <p>While services of the primary wait for their first release ({@code awaitingFirstReleases}) the
 * health check is created disabled (Route 53 treats a disabled check as healthy) and the primary
 * record does not evaluate the load balancer's target health: nothing fails over on the first day.
 *
 * <p>Children: {@code <name>-record} (no replica), or {@code <name>-primary-health},
 * {@code <name>-primary} and {@code <name>-secondary}. Until this component existed they were
 * children of a {@code berth:dr:Failover} component named after the environment ({@code <env>-dns},
 * {@code <env>-primary-health}, {@code <env>-dns-primary}, {@code <env>-dns-secondary}): each carries
 * an alias to that URN, so a live stack keeps its records and health check.
 */
public final class Dns extends ComponentResource {
    /** The type token of the component these resources belonged to before. */
    static final String FORMER_PARENT = "berth:dr:Failover";

    /**
     * @param name the component's name, {@code <env>-dns} in the program
     */
    public Dns(String name, EnvironmentConfig env, DnsConfig dns, LoadBalancer primary, Optional<LoadBalancer> replica,
               boolean drill, boolean awaitingFirstReleases, ComponentResourceOptions options) {
        super("berth:dns:Dns", name, ComponentResourceOptions.merge(options,
                ComponentResourceOptions.builder().aliases(FormerNames.topLevel(FORMER_PARENT, env.name())).build()));
        if (replica.isEmpty()) {
            new Record(name + "-record", RecordArgs.builder()
                    .zoneId(dns.hostedZoneId()).name(dns.domain()).type("A")
                    .aliases(alias(primary, true))
                    .build(), formerly(env, env.name() + "-dns"));
            registerOutputs(Map.of());
            return;
        }
        var https = env.ingress().https();
        var checkArgs = HealthCheckArgs.builder()
                .type(https ? "HTTPS" : "HTTP")
                .fqdn(primary.dnsName)
                .port(https ? 443 : 80)
                .resourcePath(dns.healthCheckPath())
                .failureThreshold(3)
                .requestInterval(10)
                // the drill (berth:dr.drill): Route 53 reports the healthy primary unhealthy, so DNS answers with
                // the replica; set explicitly either way, so that ending the drill sets it back
                .invertHealthcheck(drill)
                .tags(Tags.of(env.tags(), name + "-primary-health"));
        if (awaitingFirstReleases) {
            // While services wait for their first release the primary has nothing healthy to show, and the
            // replica could not pull the images either: a disabled health check counts as healthy, so
            // Route 53 keeps answering with the primary. The first pulumi up after the releases enables it.
            checkArgs.disabled(true);
        }
        var check = new HealthCheck(name + "-primary-health", checkArgs.build(), formerly(env, env.name() + "-primary-health"));
        new Record(name + "-primary", RecordArgs.builder()
                .zoneId(dns.hostedZoneId()).name(dns.domain()).type("A")
                .setIdentifier(env.name() + "-primary")
                .failoverRoutingPolicies(RecordFailoverRoutingPolicyArgs.builder().type("PRIMARY").build())
                .healthCheckId(check.id())
                // nor does the load balancer's own target health decide, while target groups are empty
                .aliases(alias(primary, !awaitingFirstReleases))
                .build(), formerly(env, env.name() + "-dns-primary"));
        new Record(name + "-secondary", RecordArgs.builder()
                .zoneId(dns.hostedZoneId()).name(dns.domain()).type("A")
                .setIdentifier(env.name() + "-dr")
                .failoverRoutingPolicies(RecordFailoverRoutingPolicyArgs.builder().type("SECONDARY").build())
                .aliases(alias(replica.get(), true))
                .build(), formerly(env, env.name() + "-dns-secondary"));
        registerOutputs(Map.of());
    }

    /** An alias record's target: {@code lb}, its two values' dependencies in one Output (see PropertyDependencies). */
    private static Output<List<RecordAliasArgs>> alias(LoadBalancer lb, boolean evaluateTargetHealth) {
        var alias = new PropertyDependencies();
        return alias.holding(List.of(RecordAliasArgs.builder().name(alias.add(lb.dnsName)).zoneId(alias.add(lb.zoneId))
                .evaluateTargetHealth(evaluateTargetHealth).build()));
    }

    /** A child of this component that was {@code oldName} under the former Failover component of the environment. */
    private CustomResourceOptions formerly(EnvironmentConfig env, String oldName) {
        return CustomResourceOptions.builder().parent(this)
                .aliases(FormerNames.under(FORMER_PARENT, env.name(), oldName)).build();
    }
}
