package io.berth.model;

import io.berth.model.ServiceSpec.Exposure;
import io.berth.model.ServiceSpec.ExposureType;
import io.berth.model.ServiceSpec.Scaling;
import io.berth.model.ServiceSpec.Schedule;
import io.berth.model.ServiceSpec.Secret;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSpecTest {
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders/db";

    private static Exposure exposure(ExposureType type) {
        return new Exposure(type, List.of(), List.of(), Optional.empty());
    }

    private static Scaling scaling(int min, int max, List<Schedule> schedules) {
        return new Scaling(min, max, Optional.empty(), Optional.empty(), Optional.empty(), schedules);
    }

    @Test
    void aSecretsManagerSecretNamedInTheCatalogIsGrantedWithTheRandomSuffixWildcard() {
        var secret = new Secret(Secret.SECRETS_MANAGER, SECRET_ARN, Optional.empty(), true);

        assertThat(secret.grantResource()).isEqualTo(SECRET_ARN + "-??????");
    }

    @Test
    void aSecretsManagerSecretGivenByArnIsGrantedAsGiven() {
        var secret = new Secret(Secret.SECRETS_MANAGER, SECRET_ARN, Optional.empty(), false);

        assertThat(secret.grantResource()).isEqualTo(SECRET_ARN);
    }

    @Test
    void anSsmParameterNamedInTheCatalogIsGrantedAsGiven() {
        var arn = "arn:aws:ssm:eu-west-1:111111111111:parameter/orders/db";
        var secret = new Secret(Secret.SSM, arn, Optional.empty(), true);

        assertThat(secret.grantResource()).isEqualTo(arn);
    }

    @Test
    void onlyAPublicExposureIsPublic() {
        assertThat(exposure(ExposureType.PUBLIC).isPublic()).isTrue();
        assertThat(exposure(ExposureType.INTERNAL).isPublic()).isFalse();
    }

    @Test
    void publicAndInternalServicesHaveAPort() {
        assertThat(exposure(ExposureType.PUBLIC).hasPort()).isTrue();
        assertThat(exposure(ExposureType.INTERNAL).hasPort()).isTrue();
    }

    @Test
    void anUnexposedServiceHasNoPort() {
        assertThat(exposure(ExposureType.NONE).hasPort()).isFalse();
    }

    @Test
    void aTaskCountRangeIsAutoscaled() {
        assertThat(scaling(2, 4, List.of()).autoscaled()).isTrue();
    }

    @Test
    void aFixedTaskCountIsNotAutoscaled() {
        assertThat(scaling(2, 2, List.of()).autoscaled()).isFalse();
    }

    @Test
    void aFixedTaskCountWithAScheduleIsAutoscaled() {
        var nights = new Schedule("nights", "cron(0 20 * * ? *)", "UTC", 0, 0);

        assertThat(scaling(2, 2, List.of(nights)).autoscaled()).isTrue();
    }

    @Test
    void aServiceWithAHostGroupRunsOnIt() {
        var service = Fixtures.service("api").toBuilder().hostGroup(Optional.of("batch")).build();

        assertThat(service.onHostGroup()).isTrue();
    }

    @Test
    void aServiceWithoutAHostGroupRunsOnFargate() {
        assertThat(Fixtures.service("api").onHostGroup()).isFalse();
    }
}
