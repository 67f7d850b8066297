package io.berth.load;

import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** berth's providers are explicit: an aws: setting other than aws:region would do nothing, so it is refused. */
class AwsNamespaceTest {
    @Test
    void aProfileInTheStackFileIsRefused() {
        assertThatThrownBy(() -> Fixtures.environment("dev", Map.of("aws:profile", "prod-admin")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Pulumi.dev.yaml: aws:profile: berth's AWS providers are explicit (one per region, pinned to "
                        + "berth:environment.account) and read only aws:region from the stack file, so aws:profile would do "
                        + "nothing; remove it (credentials and profiles come from the environment: AWS_PROFILE, AWS_* variables)");
    }

    @Test
    void aMisspeltRegionGetsASuggestion() {
        assertThatThrownBy(() -> Fixtures.environment("dev", Map.of("aws:regoin", "eu-west-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws:regoin would do nothing (did you mean 'aws:region'?)");
    }
}
