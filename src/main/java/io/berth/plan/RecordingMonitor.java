package io.berth.plan;

import com.google.protobuf.Struct;
import com.pulumi.Log;
import com.pulumi.resources.Resource;
import com.pulumi.serialization.internal.Deserializer;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import pulumirpc.Resource.RegisterResourceOutputsRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SDK's own mock monitor, recording every registration as the engine would receive it: parent,
 * provider, options (protect, ignoreChanges...) and inputs, none of which the plain {@code Mocks}
 * interface sees.
 */
public final class RecordingMonitor extends MockMonitor {
    private static final String MOCK_STACK_SEGMENT = "pulumi:pulumi:Stack$";

    private final Deserializer deserializer;
    private final ConcurrentLinkedQueue<PlannedResource> recorded = new ConcurrentLinkedQueue<>();
    /** Progress, for a time-out's message: how many were registered, and when the last one was. */
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicLong lastRegisteredNanos = new AtomicLong(System.nanoTime());
    /** The resources whose outputs were registered: a component that never registers them is never complete. */
    private final Set<String> completed = ConcurrentHashMap.newKeySet();

    public RecordingMonitor(Mocks mocks, Log log) {
        super(mocks, log);
        this.deserializer = new Deserializer(log);
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            if (!request.getType().equals("pulumi:pulumi:Stack")) {
                recorded.add(toPlanned(request, response));
                registered.incrementAndGet();
                lastRegisteredNanos.set(System.nanoTime());
            }
            return response;
        });
    }

    @Override
    public CompletableFuture<Void> registerResourceOutputsAsync(RegisterResourceOutputsRequest request) {
        completed.add(normalizeUrn(request.getUrn()));
        return super.registerResourceOutputsAsync(request);
    }

    /**
     * The components (sorted by URN) that never registered their outputs. The Java SDK does not do it for
     * them: the engine takes a component as still being created until it does, and records no outputs
     * for it (berth's components all end their constructor with {@code registerOutputs}).
     */
    public List<String> incompleteComponents() {
        return resources().stream().filter(r -> !r.custom() && !completed.contains(r.urn())).map(PlannedResource::urn).toList();
    }

    /** How many resources were registered so far. */
    public int registeredCount() {
        return registered.get();
    }

    /** {@link System#nanoTime()} of the last registration (of the monitor's creation before the first). */
    public long lastRegisteredNanos() {
        return lastRegisteredNanos.get();
    }

    /** Everything registered so far, sorted by URN (the order of registration is not stable). */
    public List<PlannedResource> resources() {
        var list = new ArrayList<>(recorded);
        list.sort((a, b) -> a.urn().compareTo(b.urn()));
        return list;
    }

    private PlannedResource toPlanned(RegisterResourceRequest request, RegisterResourceResponse response) {
        var options = new LinkedHashMap<String, Object>();
        options.put("protect", request.getProtect());
        options.put("retainOnDelete", request.getRetainOnDelete());
        options.put("deleteBeforeReplace", request.getDeleteBeforeReplace());
        options.put("ignoreChanges", List.copyOf(new TreeSet<>(request.getIgnoreChangesList())));
        options.put("replaceOnChanges", List.copyOf(new TreeSet<>(request.getReplaceOnChangesList())));
        options.put("aliases", request.getAliasesList().stream().map(Object::toString).sorted().toList());
        var deps = new TreeSet<String>();
        request.getDependenciesList().forEach(d -> deps.add(normalizeUrn(d)));
        request.getPropertyDependenciesMap().values().forEach(p -> p.getUrnsList().forEach(d -> deps.add(normalizeUrn(d))));
        return new PlannedResource(
                normalizeUrn(response.getUrn()),
                request.getType(),
                request.getName(),
                request.getCustom(),
                response.getId(),
                normalizeUrn(request.getParent()),
                normalizeProvider(request.getProvider()),
                List.copyOf(deps),
                options,
                normalize(deserialize(request.getObject())));
    }

    private Map<String, Object> deserialize(Struct struct) {
        var out = new TreeMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> {
            var data = deserializer.deserialize(value);
            if (data.isKnown() && data.getValueOptional().isPresent()) {
                out.put(key, data.getValueOptional().get());
            }
        });
        return out;
    }

    /** Whole doubles become longs and maps are key-sorted, so the JSON is readable and stable. */
    @SuppressWarnings("unchecked")
    static <T> T normalize(T value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return (T) Long.valueOf(d.longValue());
        }
        if (value instanceof Map<?, ?> m) {
            var out = new TreeMap<String, Object>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            return (T) l.stream().map(RecordingMonitor::normalize).toList();
        }
        return value;
    }

    /** Mock URNs put the stack type in every type chain; the real engine does not. */
    static String normalizeUrn(String urn) {
        return urn == null ? "" : urn.replace(MOCK_STACK_SEGMENT, "");
    }

    private static String normalizeProvider(String ref) {
        return ref == null ? "" : normalizeUrn(ref);
    }
}
