package io.berth.model;

import java.util.List;
import java.util.Optional;

/** The validated service catalog for one environment, in service-name order. */
public record Catalog(List<ServiceSpec> services) {
    public Catalog {
        services = List.copyOf(services);
    }

    public Optional<ServiceSpec> find(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Services that declare a call to {@code name}. */
    public List<ServiceSpec> callersOf(String name) {
        return services.stream().filter(s -> s.calls().contains(name)).toList();
    }

    /** The listener priority of a public service (explicit or derived from its name and routes). */
    public static int priorityOf(ServiceSpec s) {
        return s.expose().priority().orElseGet(() -> ListenerPriorities.priority(s.name(), s.expose().hosts(), s.expose().paths()));
    }
}
