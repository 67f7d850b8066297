package io.berth.model;

import java.util.regex.Pattern;

/** Name rules the service catalog and its delivery section share, so both accept exactly the same names. */
public final class CatalogNames {
    /** A Docker image tag: up to 128 letters, digits, {@code _ . -}, not starting with {@code .} or {@code -}. */
    public static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** An environment variable name: letters, digits and {@code _}, not starting with a digit. */
    public static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CatalogNames() {
    }
}
