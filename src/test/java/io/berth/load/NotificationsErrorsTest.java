package io.berth.load;

import io.berth.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One mistake in {@code berth:notifications} per case, exact message. */
class NotificationsErrorsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"email\": [\"oncall\"]}|berth:notifications.email[0]: 'oncall' is not an email address such as oncall@example.com",
            "{\"https\": [\"http://hooks.example.com/x\"]}|berth:notifications.https[0]: 'http://hooks.example.com/x' is not an https:// URL; SNS delivers to HTTPS endpoints only (plain HTTP would carry alarms in clear text)",
            "{\"topics\": [\"arn:aws:sns:us-east-1:111111111111:chat\"]}|berth:notifications.topics[0]: 'arn:aws:sns:us-east-1:111111111111:chat' is in us-east-1; CloudWatch alarms notify topics of their own region (eu-west-1): use a topic there",
            "{\"topics\": [\"chat\"]}|berth:notifications.topics[0]: 'chat' is not an SNS topic ARN such as arn:aws:sns:eu-west-1:111122223333:chat-alerts",
            "{\"email\": [\"a@example.com\", \"a@example.com\"]}|berth:notifications.email[1]: 'a@example.com' is listed twice; remove one",
            "{\"owners\": {\"web-team\": {\"emails\": [\"a@example.com\"]}}}|berth:notifications.owners.web-team.emails: unknown key 'emails' (did you mean 'email'?); allowed keys here: email, https, topics",
    })
    void reportsTheMistake(String value, String message) {
        assertThatThrownBy(() -> Fixtures.environment("dev", Map.of("berth:notifications", value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Pulumi.dev.yaml: " + message);
    }
}
