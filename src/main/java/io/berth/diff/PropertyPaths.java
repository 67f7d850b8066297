package io.berth.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Property paths as berth's diff writes them ({@code a.b}, {@code a[key].b}, {@code a[0]}) and as
 * Pulumi's {@code ignoreChanges} / {@code replaceOnChanges} options take them ({@code a.b},
 * {@code a["key"]}, {@code a[0]}, {@code a[*]}).
 */
final class PropertyPaths {
    private PropertyPaths() {
    }

    /** {@code a.b[c]["d.e"]} -> [a, b, c, d.e]. */
    static List<String> segments(String path) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(current, out);
                i++;
            } else if (c == '[') {
                flush(current, out);
                int end;
                if (i + 1 < path.length() && path.charAt(i + 1) == '"') {
                    end = path.indexOf("\"]", i + 2);
                    if (end < 0) {
                        end = path.length();
                    }
                    out.add(path.substring(i + 2, end));
                    i = Math.min(path.length(), end + 2);
                } else {
                    end = path.indexOf(']', i + 1);
                    if (end < 0) {
                        end = path.length();
                    }
                    out.add(path.substring(i + 1, end));
                    i = Math.min(path.length(), end + 1);
                }
            } else {
                current.append(c);
                i++;
            }
        }
        flush(current, out);
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    private static void flush(StringBuilder current, List<String> out) {
        if (current.length() > 0) {
            out.add(current.toString());
            current.setLength(0);
        }
    }

    /**
     * Whether a change at {@code changed} touches {@code pattern}: one is a prefix of the other,
     * segment by segment, {@code *} matching any one segment. So pattern {@code dnsConfig.namespaceId}
     * matches a change of {@code dnsConfig.namespaceId} and of the whole {@code dnsConfig}, and pattern
     * {@code containerDefinitions} matches {@code containerDefinitions[web].image}.
     */
    static boolean touches(String changed, String pattern) {
        if (pattern.equals("*")) {
            return true;
        }
        var a = segments(changed);
        var b = segments(pattern);
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!b.get(i).equals("*") && !b.get(i).equals(a.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Appends a map key to a path, quoting keys that would not read back as one segment. */
    static String child(String path, String key) {
        boolean plain = !key.isEmpty() && key.chars().noneMatch(c -> c == '.' || c == '[' || c == ']' || c == '"' || Character.isWhitespace(c));
        if (path.isEmpty()) {
            return plain ? key : "[\"" + key + "\"]";
        }
        return plain ? path + "." + key : path + "[\"" + key + "\"]";
    }

    /** Appends a list element, by key or index. */
    static String element(String path, String key) {
        return path + "[" + key + "]";
    }
}
