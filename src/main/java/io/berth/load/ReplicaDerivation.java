package io.berth.load;

import io.berth.model.Catalog;
import io.berth.model.DrConfig;
import io.berth.model.EnvironmentConfig;
import io.berth.model.HostGroupConfig;
import io.berth.model.StackSettings;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Derives the disaster-recovery replica's settings from the primary's: its own region, network
 * block and certificate, host groups and task counts scaled to the replica's minimum, and no DNS
 * or replica of its own. Derived in the load layer so the components only ever see finished settings.
 */
public final class ReplicaDerivation {
    private ReplicaDerivation() {
    }

    /**
     * The stack's settings: the primary, and its replica when the environment has one.
     *
     * @param catalogFor the catalog resolved for an environment: called with the replica's environment
     *                   (same name, the DR region), so that every placeholder, secret and parameter ARN,
     *                   queue URL and grant of the replica names the DR region, never the primary's
     *                   ({@link CatalogLoader#loadReplica})
     */
    public static StackSettings derive(EnvironmentConfig env, Catalog catalog, Function<EnvironmentConfig, Catalog> catalogFor) {
        return new StackSettings(env, catalog, env.dr().map(dr -> {
            var replicaEnv = replicaEnvironment(env, dr);
            return new StackSettings.Region(replicaEnv, replicaCatalog(catalogFor.apply(replicaEnv), dr));
        }));
    }

    static EnvironmentConfig replicaEnvironment(EnvironmentConfig env, DrConfig dr) {
        var groups = new TreeMap<String, HostGroupConfig>();
        env.hostGroups().forEach((key, g) -> groups.put(key, g.toBuilder()
                .minSize(dr.replicaMinimum(g.minSize()))
                .onDemandBase(Math.min(g.onDemandBase(), dr.replicaMinimum(g.onDemandBase())))
                .build()));
        return env.toBuilder()
                .region(dr.region())
                .network(env.network().toBuilder().vpcCidr(dr.vpcCidr())
                        .availabilityZones(dr.zones().size()).zones(dr.zones()).build())
                .ingress(env.ingress().toBuilder().certificateArn(dr.certificateArn()).build())
                .dr(Optional.empty())
                .dns(Optional.empty())
                .hostGroups(groups)
                .build();
    }

    static Catalog replicaCatalog(Catalog catalog, DrConfig dr) {
        return new Catalog(catalog.services().stream().map(s -> s.toBuilder().scaling(s.scaling().toBuilder()
                .min(dr.replicaMinimum(s.scaling().min()))
                // a passive replica keeps its minimum; schedules apply once it is active
                .schedules(dr.active() ? s.scaling().schedules() : List.of())
                .build())
                // a passive replica's job waits: the primary runs it (two nightly runs would do the work twice)
                .job(s.job().map(j -> j.toBuilder().enabled(dr.active()).build()))
                .build()).toList());
    }
}
