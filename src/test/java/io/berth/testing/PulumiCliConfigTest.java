package io.berth.testing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the emulation of the Pulumi CLI's config encoding that TwoWaysInTest relies on. */
class PulumiCliConfigTest {
    @Test
    void scalarsKeepTheirTextAndObjectsBecomeSortedCompactJson() {
        var json = PulumiCliConfig.forYaml("""
                config:
                  aws:region: eu-west-1
                  berth:x: yes
                  berth:n: 0x1E
                  berth:o:
                    z: 1
                    a: [true, "t", ~]
                """);

        assertThat(json).isEqualTo("{\"aws:region\":\"eu-west-1\",\"berth:n\":\"0x1E\","
                + "\"berth:o\":\"{\\\"a\\\":[true,\\\"t\\\",null],\\\"z\\\":1}\",\"berth:x\":\"yes\"}");
    }

    @Test
    void resolvesPlainScalarsAsYamlV3() {
        assertThat(PulumiCliConfig.resolvePlain("yes")).isEqualTo("yes");
        assertThat(PulumiCliConfig.resolvePlain("off")).isEqualTo("off");
        assertThat(PulumiCliConfig.resolvePlain("True")).isEqualTo(true);
        assertThat(PulumiCliConfig.resolvePlain("FALSE")).isEqualTo(false);
        assertThat(PulumiCliConfig.resolvePlain("~")).isNull();
        assertThat(PulumiCliConfig.resolvePlain("7")).isEqualTo(7L);
        assertThat(PulumiCliConfig.resolvePlain("1_000")).isEqualTo(1000L);
        assertThat(PulumiCliConfig.resolvePlain("030")).isEqualTo(24L);
        assertThat(PulumiCliConfig.resolvePlain("0o17")).isEqualTo(15L);
        assertThat(PulumiCliConfig.resolvePlain("-0x10")).isEqualTo(-16L);
        assertThat(PulumiCliConfig.resolvePlain("1.10")).isEqualTo(1.1);
        assertThat(PulumiCliConfig.resolvePlain("12:30")).isEqualTo("12:30");
        assertThat(PulumiCliConfig.resolvePlain("2024-01-01")).isEqualTo("2024-01-01");
        assertThat(PulumiCliConfig.resolvePlain("10.10.0.0/16")).isEqualTo("10.10.0.0/16");
    }

    @Test
    void writesJsonAsGosEncoder() {
        assertThat(PulumiCliConfig.goJson(Map.of("b", List.of(1L, 2.0, 2.5), "a", "R&D <x>\n")))
                .isEqualTo("{\"a\":\"R\\u0026D \\u003cx\\u003e\\n\",\"b\":[1,2,2.5]}");
    }
}
