package io.berth.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Fargate task sizes AWS accepts (CPU units to memory in MiB), from the Fargate task size table.
 * 8192 and 16384 CPU units need Linux on platform 1.4.0.
 */
public final class FargateSizes {
    private record Range(int min, int max, int step) {
    }

    private static final Map<Integer, Range> TABLE = new TreeMap<>(Map.of(
            256, new Range(512, 2048, 512),   // 512, 1024, 2048 (1536 is not allowed: see allowedMemory)
            512, new Range(1024, 4096, 1024),
            1024, new Range(2048, 8192, 1024),
            2048, new Range(4096, 16384, 1024),
            4096, new Range(8192, 30720, 1024),
            8192, new Range(16384, 61440, 4096),
            16384, new Range(32768, 122880, 8192)));

    private FargateSizes() {
    }

    public static List<Integer> cpuValues() {
        return List.copyOf(TABLE.keySet());
    }

    public static List<Integer> allowedMemory(int cpu) {
        var range = TABLE.get(cpu);
        if (range == null) {
            return List.of();
        }
        if (cpu == 256) {
            return List.of(512, 1024, 2048);
        }
        var out = new ArrayList<Integer>();
        for (int m = range.min(); m <= range.max(); m += range.step()) {
            out.add(m);
        }
        return out;
    }

    public static boolean isValid(int cpu, int memoryMiB) {
        return allowedMemory(cpu).contains(memoryMiB);
    }

    /** "512 to 4096 in steps of 1024" or the explicit list, for error messages. */
    public static String describeMemory(int cpu) {
        var range = TABLE.get(cpu);
        if (range == null) {
            return "";
        }
        if (cpu == 256) {
            return allowedMemory(cpu).stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return range.min() + " to " + range.max() + " in steps of " + range.step();
    }
}
