package io.berth.load;

import io.berth.model.EnvironmentConfig;

/**
 * The catalog's one placeholder resolver: {@code {env}}, {@code {region}}, {@code {account}} and
 * {@code {service}} in every field that takes them (environment variables, secret references and
 * their KMS keys, permission resources, build variables and build secrets). The catalog is resolved
 * once per region: the DR replica's copy is parsed again with the replica's region, so its
 * {@code {region}} is the DR region.
 */
public final class Placeholders {
    private Placeholders() {
    }

    public static String resolve(String value, EnvironmentConfig env, String service) {
        return value.replace("{env}", env.name()).replace("{region}", env.region())
                .replace("{account}", env.account()).replace("{service}", service);
    }
}
