package io.berth.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** berth's loader and the policy pack call the same variable names credentials. */
class CredentialNameTest {
    @Test
    void thePolicyPackUsesTheSameExpression() throws IOException {
        var util = Files.readString(Path.of("policies/src/util.ts"));
        var m = Pattern.compile("export const CREDENTIAL_NAME = /(.*)/i;").matcher(util);
        assertThat(m.find()).as("policies/src/util.ts defines CREDENTIAL_NAME").isTrue();
        assertThat(m.group(1)).isEqualTo(CatalogNames.CREDENTIAL_NAME_EXPRESSION);
    }

    @Test
    void namesWithAndWithoutUnderscoresAreCredentials() {
        assertThat("STRIPE_APIKEY").matches(CatalogNames.CREDENTIAL_NAME);
        assertThat("aws_access_key_id").matches(CatalogNames.CREDENTIAL_NAME);
        assertThat("DB_PASSWORD").matches(CatalogNames.CREDENTIAL_NAME);
        assertThat("LOG_LEVEL").doesNotMatch(CatalogNames.CREDENTIAL_NAME);
    }
}
