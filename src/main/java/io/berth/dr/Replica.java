package io.berth.dr;

import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;

import java.util.Map;

/**
 * The disaster-recovery replica of an environment: the same network, cluster, load balancer and
 * services, built again in the DR region through the DR provider (every child inherits it).
 */
public final class Replica extends ComponentResource {
    public Replica(String name, ComponentResourceOptions options) {
        super("berth:dr:Replica", name, options);
        registerOutputs(Map.of());
    }
}
