package io.berth.load;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way berth reads a file: bounded, UTF-8, YAML 1.2, one document, and never a number or a
 * boolean where the user wrote text without knowing it. Stack files and service files both come
 * through here; they differ only in how a plain (unquoted) scalar is resolved:
 * <ul>
 *   <li>{@link Schema#CORE} (service files): the YAML 1.2 core schema. {@code on}, {@code yes},
 *       {@code 12:30} and {@code 2024-01-01} stay text. A plain scalar that reads as a number or a
 *       boolean but would not print back as written ({@code 1.10}, {@code 0x1F}, {@code True}) is kept
 *       as an {@link Unquoted}, so that a text setting can refuse it with the text as written.</li>
 *   <li>{@link Schema#PULUMI_CLI} (stack files): exactly what the Pulumi CLI's YAML reader (Go
 *       yaml.v3) resolves when it decodes a structured config value, because that is what
 *       {@code pulumi up} passes to the program: {@code 012345678901} is the number 12345678901,
 *       {@code 1_000} is 1000, {@code 0x1E} is 30, {@code yes}, {@code 12:30} and dates stay text.</li>
 * </ul>
 * Every limit is checked while reading, so no document can exhaust memory or time: the file size
 * before reading, then nesting depth, aliases, and the size of the document with every alias
 * expanded (what a later copy or JSON encoding would build). Every problem is a {@link ConfigException}
 * naming the file and the line.
 */
public final class YamlReader {
    /** Largest file berth reads; a service file is usually under 2 KiB, a stack file under 4 KiB. */
    public static final int MAX_FILE_BYTES = 256 * 1024;
    /** Deepest nesting of mappings and lists; berth's settings are at most about 6 levels deep. */
    public static final int MAX_DEPTH = 32;
    /** Most aliases ({@code *name}) in one file. */
    public static final int MAX_ALIASES = 50;
    /** Most values (scalars, mappings and lists) in one file with every alias expanded. */
    public static final int MAX_EXPANDED_VALUES = 20_000;
    /** Most characters of text in one file with every alias expanded. */
    public static final int MAX_EXPANDED_CHARS = 2 * MAX_FILE_BYTES;

    private static final String STR = "tag:yaml.org,2002:str";
    private static final String MAP = "tag:yaml.org,2002:map";
    private static final String SEQ = "tag:yaml.org,2002:seq";

    /**
     * How plain scalars are resolved. With {@link #PULUMI_CLI} every plain number or boolean is an
     * {@link Unquoted} (the CLI passes a top-level config scalar as the text written, a nested one as
     * its value); with {@link #CORE} only those that would not print back as written.
     */
    public enum Schema { CORE, PULUMI_CLI }

    /**
     * A plain scalar that YAML reads as a number or a boolean whose text differs from what it was
     * written as ({@code 1.10} is 1.1, {@code 0x1F} is 31, {@code True} is true). Number and boolean
     * settings use {@link #value}; text settings refuse it and show {@link #text}.
     */
    public record Unquoted(String text, Object value) {
        @Override
        public String toString() {
            return text;
        }
    }

    private YamlReader() {
    }

    /**
     * The text of {@code file} ({@code display} in messages): a regular file inside {@code root}
     * (a symbolic link may point only inside it), at most {@link #MAX_FILE_BYTES}, UTF-8.
     */
    public static String readText(Path root, Path file, String display) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw fail(display + ": is a symbolic link to " + linkTarget(file) + ", which does not exist; "
                        + "replace the link with the file itself");
            }
            throw fail(display + ": does not exist");
        } catch (IOException e) {
            throw fail(display + ": cannot be read: " + e.getMessage());
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            realRoot = root.toAbsolutePath().normalize();
        }
        if (!real.startsWith(realRoot)) {
            throw fail(display + ": is a symbolic link to " + real + ", outside the project (" + realRoot
                    + "); berth reads only files inside the project: copy the file into it instead of linking it");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw fail(display + ": is not a regular file; berth reads only plain text files here");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw fail(display + ": cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw fail(display + ": is larger than " + MAX_FILE_BYTES / 1024 + " KiB, the most berth reads from one file "
                    + "(settings files are a few KiB); is it the right file?");
        }
        return decodeUtf8(bytes, display);
    }

    /** {@code bytes} as UTF-8 text, or a problem naming the line and byte offset of the first bad byte. */
    public static String decodeUtf8(byte[] bytes, String display) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw fail(display + ":1: is UTF-16 (it starts with a UTF-16 byte-order mark); berth reads UTF-8 only: save the file as UTF-8");
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        var out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw fail(display + ":" + line + ": is not UTF-8: byte 0x" + String.format("%02X", bytes[offset] & 0xFF)
                    + " at byte offset " + offset + " (line " + line + ", byte " + (offset - lineStart + 1)
                    + " of the line) is not valid UTF-8; berth reads files as UTF-8: save the file as UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /**
     * The one YAML document in {@code text}: mappings (string keys, in file order), lists, text,
     * numbers ({@link Long}, {@link BigInteger}, {@link Double}), booleans, null and, with
     * {@link Schema#CORE}, {@link Unquoted}. An empty document is null.
     */
    public static Object parse(String text, String display, Schema schema) {
        if (text.length() > MAX_FILE_BYTES) {
            throw fail(display + ": is larger than " + MAX_FILE_BYTES / 1024 + " KiB, the most berth reads from one file");
        }
        var settings = LoadSettings.builder()
                .setLabel(display)
                .setCodePointLimit(MAX_FILE_BYTES + 1)
                .setBufferSize(text.length() + 1) // read at once: a growing window copies the text over and over
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setUseMarks(true)
                .build();
        var builder = new Builder(display, schema);
        var parser = new ParserImpl(settings, new StreamReader(settings, text));
        try {
            while (parser.hasNext()) {
                builder.accept(parser.next());
            }
        } catch (MarkedYamlEngineException e) {
            throw builder.syntaxError(e);
        } catch (ReaderException e) {
            throw fail(display + lineAndColumn(text, e.getPosition()) + ": not valid YAML: the character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed in YAML (a control character: "
                    + "is it a binary file?); remove it");
        } catch (YamlEngineException e) {
            throw fail(display + ": not valid YAML: " + firstLine(e.getMessage()));
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // the parser met something it cannot handle: still the user's file, never a crash
            throw fail(display + builder.at() + ": not valid YAML: the YAML parser stopped here (" + e.getClass().getSimpleName() + ")");
        }
        return builder.result;
    }

    /** Reads and parses one file. */
    public static Object read(Path root, Path file, String display, Schema schema) {
        return parse(readText(root, file, display), display, schema);
    }

    /** {@code value} with every {@link Unquoted} replaced by the number or boolean YAML read. */
    public static Object plain(Object value) {
        if (value instanceof Unquoted u) {
            return u.value();
        }
        if (value instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            var out = new ArrayList<Object>(l.size());
            l.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }

    static ConfigException fail(String problem) {
        return new ConfigException(List.of(problem));
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing file";
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        var nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** ":line:column" of the code point at {@code index} in {@code text}. */
    private static String lineAndColumn(String text, int index) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < index; i += Character.charCount(text.codePointAt(i)), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return ":" + line + ":" + column;
    }

    private static String position(Optional<Mark> mark) {
        return mark.map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
    }

    /** Builds the tree from parser events, with every limit checked as it goes. */
    private static final class Builder {
        private final String display;
        private final Schema schema;
        private final ArrayDeque<Frame> stack = new ArrayDeque<>();
        private final Map<String, Object> anchors = new HashMap<>();
        private final Map<String, long[]> anchorSizes = new HashMap<>();
        private final Set<String> openAnchors = new HashSet<>();
        private Object result;
        private int documents;
        private int aliases;
        private long values;
        private long chars;
        private Optional<Mark> lastMark = Optional.empty();
        /** The last quoted scalar that spans lines: where an unclosed quote would have run on to. */
        private ScalarEvent runOnQuote;

        Builder(String display, Schema schema) {
            this.display = display;
            this.schema = schema;
        }

        String at() {
            return position(lastMark);
        }

        /** A mapping or list being built; a mapping alternates key and value. */
        private static final class Frame {
            final Object collection;
            final Optional<String> anchor;
            final Optional<Mark> start;
            String pendingKey;
            boolean expectKey = true;
            final Map<String, Integer> keyLines = new HashMap<>();
            long values = 1;
            long chars;

            Frame(Object collection, Optional<String> anchor, Optional<Mark> start) {
                this.collection = collection;
                this.anchor = anchor;
                this.start = start;
            }
        }

        void accept(Event event) {
            lastMark = event.getStartMark();
            switch (event.getEventId()) {
                case StreamStart, StreamEnd, Comment -> {
                }
                case DocumentStart -> {
                    if (++documents > 1) {
                        throw fail(display + position(event.getStartMark()) + ": not valid YAML: a second document starts here; "
                                + "berth reads one document per file: remove the '---' line and what follows, or merge them");
                    }
                }
                case DocumentEnd -> {
                }
                case Alias -> alias((AliasEvent) event);
                case Scalar -> scalar((ScalarEvent) event);
                case MappingStart, SequenceStart -> start((CollectionStartEvent) event);
                case MappingEnd, SequenceEnd -> end();
                default -> {
                }
            }
        }

        private void start(CollectionStartEvent event) {
            if (stack.size() >= MAX_DEPTH) {
                throw fail(display + position(event.getStartMark()) + ": not valid here: nested more than " + MAX_DEPTH
                        + " levels deep; berth's settings are a few levels deep: is the indentation right?");
            }
            var tag = event.getTag().orElse(null);
            boolean mapping = event.getEventId() == Event.ID.MappingStart;
            if (tag != null && !tag.equals(mapping ? MAP : SEQ) && !tag.equals("!")) {
                throw unsupportedTag(event, tag);
            }
            var anchor = anchorOf(event);
            anchor.ifPresent(openAnchors::add);
            count(1, 0, event);
            stack.push(new Frame(mapping ? new LinkedHashMap<String, Object>() : new ArrayList<>(), anchor, event.getStartMark()));
        }

        private void end() {
            var frame = stack.pop();
            frame.anchor.ifPresent(a -> {
                openAnchors.remove(a);
                anchors.put(a, frame.collection);
                anchorSizes.put(a, new long[]{frame.values, frame.chars});
            });
            add(frame.collection, frame.values, frame.chars, frame.start);
        }

        private void alias(AliasEvent event) {
            if (++aliases > MAX_ALIASES) {
                throw fail(display + position(event.getStartMark()) + ": not valid here: more than " + MAX_ALIASES
                        + " aliases (*name) in one file; write the values out");
            }
            var name = event.getAlias().getValue();
            if (openAnchors.contains(name)) {
                throw fail(display + position(event.getStartMark()) + ": not valid YAML: *" + name
                        + " refers to the mapping or list it is inside (&" + name + "); a value cannot contain itself");
            }
            if (!anchors.containsKey(name)) {
                throw fail(display + position(event.getStartMark()) + ": not valid YAML: *" + name
                        + " refers to no anchor &" + name + " defined before it");
            }
            var size = anchorSizes.get(name);
            count(size[0], size[1], event);
            addCounted(anchors.get(name), size[0], size[1], event.getStartMark());
        }

        private void scalar(ScalarEvent event) {
            if (!event.isPlain() && event.getStartMark().isPresent() && event.getEndMark().isPresent()
                    && event.getStartMark().get().getLine() != event.getEndMark().get().getLine()
                    && (event.isSQuoted() || event.isDQuoted())) {
                runOnQuote = event;
            }
            var text = event.getValue();
            count(1, text.length(), event);
            Object value;
            var tag = event.getTag().orElse(null);
            if (tag != null && !tag.equals("!") && !tag.equals(STR)) {
                throw unsupportedTag(event, tag);
            }
            boolean isKey = !stack.isEmpty() && stack.peek().collection instanceof Map<?, ?> && stack.peek().expectKey;
            if (tag != null || !event.isPlain()) {
                value = text;
            } else if (isKey) {
                value = key(text, event);
            } else if (schema == Schema.CORE) {
                value = core(text);
            } else {
                var resolved = cli(text);
                value = resolved == null || resolved instanceof String ? resolved : new Unquoted(text, resolved);
            }
            var anchor = anchorOf(event);
            anchor.ifPresent(a -> {
                anchors.put(a, value);
                anchorSizes.put(a, new long[]{1, text.length()});
            });
            addCounted(value, 1, text.length(), event.getStartMark());
        }

        /** A plain mapping key: the text as written, but not a merge key or a non-text key the CLI would rewrite. */
        private Object key(String text, ScalarEvent event) {
            if (text.equals("<<")) {
                throw fail(display + position(event.getStartMark()) + ": not valid here: '<<' merge keys are YAML 1.1, "
                        + "which berth does not read; write the settings out (an alias *name still works for a whole value)");
            }
            if (text.isEmpty()) {
                throw fail(display + position(event.getStartMark()) + ": not valid here: a key must not be empty");
            }
            if (schema == Schema.PULUMI_CLI) {
                var resolved = cli(text);
                if (resolved == null || resolved instanceof Double) {
                    throw fail(display + position(event.getStartMark()) + ": not valid here: the key " + text
                            + " is read as " + (resolved == null ? "null" : "a number") + " by the Pulumi CLI; write it in quotes: \""
                            + text + "\"");
                }
                return String.valueOf(resolved);
            }
            return text;
        }

        private Optional<String> anchorOf(NodeEvent event) {
            return event.getAnchor().map(a -> a.getValue());
        }

        private ConfigException unsupportedTag(Event event, String tag) {
            var shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length()) : tag;
            return fail(display + position(event.getStartMark()) + ": not valid here: the tag " + shown
                    + " is not supported; remove it (write a value in quotes to keep it text)");
        }

        private void count(long v, long c, Event event) {
            values += v;
            chars += c;
            if (values > MAX_EXPANDED_VALUES || chars > MAX_EXPANDED_CHARS) {
                throw fail(display + position(event.getStartMark()) + ": not valid here: with its aliases expanded the file holds more than "
                        + (values > MAX_EXPANDED_VALUES ? MAX_EXPANDED_VALUES + " values" : MAX_EXPANDED_CHARS + " characters")
                        + ", far more than any settings need; write the values out instead of repeating aliases");
            }
        }

        /** Adds a finished value (already counted) to its parent, or makes it the document. */
        private void addCounted(Object value, long v, long c, Optional<Mark> mark) {
            add(value, v, c, mark);
        }

        @SuppressWarnings("unchecked")
        private void add(Object value, long v, long c, Optional<Mark> mark) {
            var parent = stack.peek();
            if (parent == null) {
                result = value;
                return;
            }
            parent.values += v;
            parent.chars += c;
            if (parent.collection instanceof List<?> list) {
                ((List<Object>) list).add(value);
                return;
            }
            var map = (Map<String, Object>) parent.collection;
            if (parent.expectKey) {
                if (!(value instanceof String key)) {
                    throw fail(display + position(mark) + ": not valid here: a key must be a name, not "
                            + (value instanceof Map<?, ?> ? "a mapping" : value instanceof List<?> ? "a list" : "null"));
                }
                var line = mark.map(m -> m.getLine() + 1).orElse(0);
                var first = parent.keyLines.putIfAbsent(key, line);
                if (first != null) {
                    throw fail(display + position(mark) + ": not valid YAML: duplicate key '" + key + "' (also on line " + first
                            + "); a key given twice is a mistake, not an override: keep one");
                }
                parent.pendingKey = key;
                parent.expectKey = false;
            } else {
                map.put(parent.pendingKey, value);
                parent.expectKey = true;
            }
        }

        /** The message for the parser's own error, pointing at an unclosed quote when one caused it. */
        ConfigException syntaxError(MarkedYamlEngineException e) {
            var context = e.getContext() == null ? "" : e.getContext();
            if (context.contains("quoted scalar") && e.getContextMark().isPresent()) {
                return fail(display + position(e.getContextMark()) + ": not valid YAML: unclosed quote: the quote opened here "
                        + "is never closed; close it on this line");
            }
            var problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
            var mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            if (runOnQuote != null && mark.isPresent() && runOnQuote.getEndMark().isPresent()
                    && mark.get().getLine() - runOnQuote.getEndMark().get().getLine() <= 1) {
                var open = runOnQuote.getStartMark();
                var end = runOnQuote.getEndMark().get();
                return fail(display + position(open) + ": not valid YAML: unclosed quote: the quoted value opened here runs on "
                        + "to the next quote, on line " + (end.getLine() + 1) + ", and YAML then fails on line "
                        + (mark.get().getLine() + 1) + " (" + problem.trim() + "); close the quote on line "
                        + (open.map(m -> m.getLine() + 1).orElse(0)));
            }
            return fail(display + position(mark) + ": not valid YAML: " + problem.trim());
        }
    }

    // ---- plain scalar resolution -------------------------------------------------------------

    private static final Pattern CORE_INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern CORE_OCT = Pattern.compile("0o[0-7]+");
    private static final Pattern CORE_HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    /** The YAML 1.2 core schema (spec 10.3.2), with non-canonical numbers and booleans kept as {@link Unquoted}. */
    static Object core(String text) {
        Object value = switch (text) {
            case "", "~", "null", "Null", "NULL" -> null;
            case "true", "True", "TRUE" -> Boolean.TRUE;
            case "false", "False", "FALSE" -> Boolean.FALSE;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> {
                if (CORE_INT.matcher(text).matches()) {
                    yield integer(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
                }
                if (CORE_OCT.matcher(text).matches()) {
                    yield integer(new BigInteger(text.substring(2), 8));
                }
                if (CORE_HEX.matcher(text).matches()) {
                    yield integer(new BigInteger(text.substring(2), 16));
                }
                if (YAML_FLOAT.matcher(text).matches()) {
                    yield Double.parseDouble(text);
                }
                yield text;
            }
        };
        if (value == null || value instanceof String || String.valueOf(value).equals(text)) {
            return value;
        }
        return new Unquoted(text, value);
    }

    private static Object integer(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /**
     * Go yaml.v3's {@code resolve()} for an untagged plain scalar, as the Pulumi CLI decodes a
     * structured config value: null, the three spellings of true and false, Go integer syntax
     * ({@code strconv.ParseInt(s, 0, 64)} after removing underscores: 0x, 0o, 0b and a leading 0 for
     * octal), then YAML-style floats; timestamps and everything else stay text.
     */
    static Object cli(String text) {
        switch (text) {
            case "", "~", "null", "Null", "NULL":
                return null;
            case "true", "True", "TRUE":
                return Boolean.TRUE;
            case "false", "False", "FALSE":
                return Boolean.FALSE;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        char first = text.charAt(0);
        if (!(first == '.' || first == '+' || first == '-' || (first >= '0' && first <= '9'))) {
            return text;
        }
        var plain = text.replace("_", "");
        var integer = goParseInt(plain);
        if (integer != null) {
            return integer;
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            double d = Double.parseDouble(plain);
            return Double.isInfinite(d) ? text : d; // Go's ParseFloat reports a range error: the text stays
        }
        return text;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}, then {@code ParseUint(s, 0, 64)}: null when neither parses. */
    private static Object goParseInt(String s) {
        var body = s;
        var negative = false;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        int radix = 10;
        if (body.startsWith("0x") || body.startsWith("0X")) {
            radix = 16;
            body = body.substring(2);
        } else if (body.startsWith("0o") || body.startsWith("0O")) {
            radix = 8;
            body = body.substring(2);
        } else if (body.startsWith("0b") || body.startsWith("0B")) {
            radix = 2;
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), radix) < 0 || body.charAt(i) > 'z') {
                return null;
            }
        }
        var value = new BigInteger(body, radix);
        if (negative) {
            value = value.negate();
        }
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        if (!negative && value.bitLength() <= 64) {
            return value; // a uint64
        }
        return null;
    }
}
