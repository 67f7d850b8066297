package io.berth;

import com.pulumi.Context;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.cluster.Cluster;
import io.berth.config.EnvironmentConfig;
import io.berth.config.EnvironmentLoader;
import io.berth.config.RawConfig;
import io.berth.core.Providers;
import io.berth.network.Network;

import java.util.function.Consumer;

/**
 * The berth program: load and validate every setting first, then build the environment's
 * components in dependency order. The same function runs under {@code pulumi up}, in the tests and
 * for the offline plan.
 */
public final class Berth {
    private Berth() {
    }

    public static Consumer<Context> program(RawConfig raw) {
        return ctx -> {
            // Validation happens before the first registration: a bad config creates nothing.
            var env = EnvironmentLoader.load(ctx.stackName(), raw);
            build(ctx, env);
        };
    }

    static void build(Context ctx, EnvironmentConfig env) {
        var primary = Providers.forRegion("primary", env, env.region());
        var inPrimary = ComponentResourceOptions.builder().providers(primary).build();

        var network = new Network(env.name(), env, primary, inPrimary);
        var cluster = new Cluster(env.name(), env, network.vpcId, inPrimary);

        ctx.export("region", com.pulumi.core.Output.of(env.region()));
        ctx.export("vpcId", network.vpcId);
        ctx.export("availabilityZones", network.availabilityZones);
        ctx.export("clusterName", cluster.clusterName);
        ctx.export("serviceDiscoveryNamespace", com.pulumi.core.Output.of(cluster.namespaceName));
    }
}
