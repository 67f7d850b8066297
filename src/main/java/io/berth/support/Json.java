package io.berth.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON writer for documents berth hands to AWS (policies, container definitions,
 * lifecycle rules). Map keys are sorted: {@code Map.of} iterates in a per-JVM random order, and an
 * unstable string would show up as a spurious diff on every plan.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Json() {
    }

    /**
     * A deep copy of a JSON-like value (maps, lists, scalars) that nobody can change, keeping the
     * order of its maps: for values handed to the engine, which reads them on its own threads.
     */
    @SuppressWarnings("unchecked")
    public static <T> T immutable(T value) {
        if (value instanceof java.util.Map<?, ?> map) {
            var copy = new java.util.LinkedHashMap<Object, Object>();
            map.forEach((k, v) -> copy.put(k, immutable(v)));
            return (T) java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof java.util.List<?> list) {
            var copy = new java.util.ArrayList<Object>();
            list.forEach(v -> copy.add(immutable(v)));
            return (T) java.util.Collections.unmodifiableList(copy);
        }
        return value;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }
}
