package io.berth.plan;

import io.berth.load.ConfigException;
import io.berth.load.RawConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static io.berth.plan.ExitCodes.EXIT_CONFIG;
import static io.berth.plan.ExitCodes.EXIT_ENGINE;

/**
 * One stack planned from its files and written as a plan file, or the exit code of why it could not
 * be: what every planning command ({@code plan}, {@code check}, {@code cost}, {@code graph}) does first.
 */
public record PlannedStack(int exitCode, Plan plan, Path file) {
    /** Where plan files go by default: {@code <project>/target/plan}. */
    public static Path defaultDirectory(Path projectDir) {
        return projectDir.resolve("target").resolve("plan");
    }

    /** Plans {@code stack} and writes its plan file into {@code outDir}; config mistakes and engine failures are printed, not thrown. */
    public static PlannedStack planAndWrite(Path projectDir, String stack, Integer timeoutSeconds, Path outDir) throws IOException {
        try {
            var raw = RawConfig.fromStackFile(projectDir, stack);
            // no --timeout and no BERTH_PLAN_TIMEOUT: the bound follows the catalog (OfflinePlanner.timeoutFor)
            var plan = OfflinePlanner.plan(projectDir, raw, stack, Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds));
            return new PlannedStack(0, plan, PlanJson.write(plan, outDir));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return new PlannedStack(EXIT_CONFIG, null, null);
        } catch (PlanFailedException e) {
            System.err.println("berth: " + e.getMessage());
            return new PlannedStack(EXIT_ENGINE, null, null);
        }
    }
}
