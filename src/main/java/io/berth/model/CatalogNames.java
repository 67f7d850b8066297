package io.berth.model;

import java.util.regex.Pattern;

/** Name rules the service catalog and its delivery section share, so both accept exactly the same names. */
public final class CatalogNames {
    /** A Docker image tag: up to 128 letters, digits, {@code _ . -}, not starting with {@code .} or {@code -}. */
    public static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** An environment variable name: letters, digits and {@code _}, not starting with a digit. */
    public static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Names of variables that hold credentials: such a variable takes its value from a secret, never
     * a literal. The policy pack's {@code CREDENTIAL_NAME} (policies/src/util.ts) is the same
     * expression; {@code CredentialNameTest} keeps the two equal.
     */
    public static final String CREDENTIAL_NAME_EXPRESSION = "PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY";
    public static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(" + CREDENTIAL_NAME_EXPRESSION + ").*");

    private CatalogNames() {
    }
}
