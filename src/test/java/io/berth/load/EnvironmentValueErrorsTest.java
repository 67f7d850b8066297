package io.berth.load;

import io.berth.testing.TestConfigs.StackFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.berth.testing.TestConfigs.baseline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Stack-file values of the right shape but the wrong meaning (TLS policies, certificates of
 * another account), one change from the passing baseline per case, exact message asserted.
 */
class EnvironmentValueErrorsTest {
    private static final String FILE = "Pulumi.dev.yaml: ";
    private static final String CERT = "arn:aws:acm:eu-west-1:111111111111:certificate/c0c0c0c0-1111-2222-3333-444455556666";
    private static final String FOREIGN_CERT = "arn:aws:acm:eu-west-1:444444444444:certificate/c0c0c0c0-1111-2222-3333-444455556666";
    private static final String POLICIES = "; use a predefined one such as ELBSecurityPolicy-TLS13-1-2-2021-06 (berth's default) or "
            + "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (`aws elbv2 describe-ssl-policies` lists them all)";

    record Case(String name, UnaryOperator<StackFile> change, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("TLS policy with a typo", f -> f.set(CERT, "berth:ingress", "certificateArn")
                        .set("ELBSecurityPolicy-TLS13-1-2-2021-6", "berth:ingress", "sslPolicy"),
                        "berth:ingress.sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-6' is not a security policy of Application "
                                + "Load Balancers (did you mean 'ELBSecurityPolicy-TLS13-1-2-2021-06'?)" + POLICIES),
                new Case("TLS policy named after the protocol", f -> f.set(CERT, "berth:ingress", "certificateArn")
                        .set("TLSv1.2", "berth:ingress", "sslPolicy"),
                        "berth:ingress.sslPolicy: 'TLSv1.2' is not a security policy of Application Load Balancers" + POLICIES),
                new Case("Network Load Balancer-only TLS policy", f -> f.set(CERT, "berth:ingress", "certificateArn")
                        .set("ELBSecurityPolicy-2015-05", "berth:ingress", "sslPolicy"),
                        "berth:ingress.sslPolicy: 'ELBSecurityPolicy-2015-05' is not a security policy of Application Load "
                                + "Balancers (did you mean 'ELBSecurityPolicy-2016-08'?)" + POLICIES),
                new Case("TLS policy without a certificate", f -> f.set("ELBSecurityPolicy-TLS13-1-2-2021-06", "berth:ingress", "sslPolicy"),
                        "berth:ingress.sslPolicy: applies to the HTTPS listener, and without certificateArn the load balancer "
                                + "serves plain HTTP only; set certificateArn, or remove sslPolicy"),
                new Case("certificate of another account", f -> f.set(FOREIGN_CERT, "berth:ingress", "certificateArn"),
                        "berth:ingress.certificateArn: '" + FOREIGN_CERT + "' belongs to account 444444444444, but this stack "
                                + "deploys into 111111111111 and a load balancer can only use certificates of its own account; "
                                + "request or import the certificate in 111111111111 and use its ARN"),
                new Case("DR certificate of another account", f -> f.set("eu-central-1", "berth:dr", "region")
                        .set(FOREIGN_CERT.replace("eu-west-1", "eu-central-1"), "berth:dr", "certificateArn"),
                        "berth:dr.certificateArn: '" + FOREIGN_CERT.replace("eu-west-1", "eu-central-1") + "' belongs to account "
                                + "444444444444, but this stack deploys into 111111111111 and a load balancer can only use "
                                + "certificates of its own account; request or import the certificate in 111111111111 and use its ARN")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsOneMessageWithValueAllowedValuesAndFix(Case c) {
        var raw = c.change().apply(baseline()).raw();

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e).as("a ConfigException for: %s", c.name()).isNotNull();
        assertThat(e.problems()).containsExactly(FILE + c.problem());
    }
}
