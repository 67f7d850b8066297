package io.berth.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Names.bucket: globally unique by construction, within S3's 63 characters, the same for the same inputs. */
class BucketNamesTest {
    @Test
    void aNameThatFitsIsWrittenOut() {
        assertThat(Names.bucket("prod", "batch-reports", "reports", "333333333333", "eu-west-1"))
                .isEqualTo("berth-prod-batch-reports-reports-333333333333-eu-west-1");
    }

    @Test
    void aLongNameIsCutAndHashedKeepingAccountAndRegion() {
        var a = Names.bucket("production", "customer-profile-api", "monthly-statements", "333333333333", "ap-southeast-2");
        var b = Names.bucket("production", "customer-profile-api", "monthly-statements2", "333333333333", "ap-southeast-2");

        assertThat(a).hasSize(Names.BUCKET_NAME_LENGTH).endsWith("-333333333333-ap-southeast-2").startsWith("berth-production-");
        assertThat(a).isNotEqualTo(b).matches("[a-z0-9][a-z0-9-]*[a-z0-9]");
        assertThat(b).hasSize(Names.BUCKET_NAME_LENGTH);
    }
}
