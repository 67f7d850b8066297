package io.berth;

import com.pulumi.Pulumi;
import io.berth.load.RawConfig;

/**
 * Entry point for {@code pulumi up}: the engine's config comes in through {@code PULUMI_CONFIG}
 * and goes through the same loader as the offline plan's stack file.
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(ctx -> Berth.program(RawConfig.fromEngine(ctx.stackName())).accept(ctx));
    }
}
