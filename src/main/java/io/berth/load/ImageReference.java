package io.berth.load;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as Docker and the OCI distribution spec read it:
 * {@code [registry[:port]/]path[:tag][@digest]}, transcribed from the grammar of
 * github.com/distribution/reference (regexp.go). A first component is a registry when it holds a
 * {@code .} or a {@code :} or is {@code localhost}, so {@code registry:5000/app:1.2} is the image
 * {@code app} of the registry {@code registry:5000} with tag {@code 1.2}.
 */
record ImageReference(Optional<String> registry, String path, Optional<String> tag, Optional<String> digest) {
    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
    private static final Pattern REGISTRY = Pattern.compile("(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
            + ")*|\\[[0-9a-fA-F:.]+])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final int MAX_NAME_LENGTH = 255;
    static final String EXAMPLE = "public.ecr.aws/nginx/nginx:1.27, registry.example.com:5000/team/app or nginx@sha256:<64 hex digits>";

    boolean pinned() {
        return tag.isPresent() || digest.isPresent();
    }

    /** The reference, or the problem with {@code text} (as written, what is allowed, the fix). */
    static Result parse(String text) {
        if (text.contains("://")) {
            var without = text.substring(text.indexOf("://") + 3);
            return Result.problem("'" + text + "' is a URL; an image reference has no scheme: write " + without);
        }
        var rest = text;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest.get()).matches()) {
                return Result.problem("'" + text + "' has the digest '" + digest.get() + "', which is not <algorithm>:<hex>, "
                        + "e.g. @sha256: and 64 hex digits");
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag.get()).matches()) {
                return Result.problem("'" + text + "' has the tag '" + tag.get() + "'; a tag is up to 128 letters, digits, "
                        + "_ . -, not starting with . or -");
            }
        }
        if (rest.length() > MAX_NAME_LENGTH) {
            return Result.problem("'" + text + "' has a name of " + rest.length() + " characters; image names are at most "
                    + MAX_NAME_LENGTH);
        }
        Optional<String> registry = Optional.empty();
        var path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            var first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(Locale.ROOT))) {
                registry = Optional.of(first);
                path = rest.substring(slash + 1);
                if (!REGISTRY.matcher(first).matches()) {
                    return Result.problem("'" + text + "' names the registry '" + first + "', which is not a host name "
                            + "with an optional port; write e.g. " + EXAMPLE);
                }
            }
        }
        if (!PATH.matcher(path).matches()) {
            return Result.problem("'" + text + "' is not an image reference: "
                    + (path.equals(path.toLowerCase(Locale.ROOT)) ? "" : "repository names are lowercase; ")
                    + "write [registry[:port]/]name[:tag][@digest] with lowercase letters, digits and . _ - / in the name, e.g. "
                    + EXAMPLE);
        }
        return new Result(Optional.of(new ImageReference(registry, path, tag, digest)), Optional.empty());
    }

    record Result(Optional<ImageReference> reference, Optional<String> problem) {
        static Result problem(String message) {
            return new Result(Optional.empty(), Optional.of(message));
        }
    }
}
