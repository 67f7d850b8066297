import com.google.gson.JsonParser;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.load.RawConfig;
import io.berth.load.StackLoader;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.PlanJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The benchmark's floor: a program that registers as many resources as a berth plan, on the same
 * mock engine, through the same planner (mocks, recorder, plan file), and does nothing else.
 * {@code components} component resources, each parenting an equal share of
 * {@code resources - components} SSM parameters with a name, a value and three tags.
 *
 * <p>With a sixth argument, a plan file berth wrote for the same stack, it is the <em>replay</em> floor: the same
 * parameters, each parameter's value the JSON text of one resource's inputs in that plan (in plan order). The
 * engine then serializes, formats and records as many bytes of properties as in berth's run (the SDK formats every
 * request and response into debug strings, a cost that grows with the payload). A first version registered
 * untyped resources with the inputs as a tree: it ran faster than the bare program, because the SDK's
 * per-output-field work for typed resources (an SSM parameter has a dozen outputs) weighs more than the payload.
 *
 * <p>Usage (bench/run.py runs it): {@code java <berth's flags> -cp <berth's class path>:target/bench-classes
 * BareProgram <project-dir> <stack> <resources> <components> <out-dir> [<berth plan file>]} (berth's class path
 * first, so its class-data sharing archive applies; {@code BERTH_PRINT_JAVA_OPTS=1 ./berth --project-dir DIR}
 * prints both).
 */
public final class BareProgram {
    public static void main(String[] args) throws Exception {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
        var projectDir = Path.of(args[0]);
        var stack = args[1];
        int resources = Integer.parseInt(args[2]);
        int components = Math.max(1, Integer.parseInt(args[3]));
        var out = Path.of(args[4]);
        var started = System.nanoTime();
        // the same settings berth reads (the environment gives the mocks their account and region)
        var settings = StackLoader.load(projectDir, stack, RawConfig.fromStackFile(projectDir, stack));
        int custom = resources - components;
        List<String> replay = args.length > 5 ? customInputs(Path.of(args[5])) : List.of();
        if (args.length > 5 && replay.size() != custom) {
            throw new IllegalArgumentException(args[5] + " has " + replay.size() + " custom resources, not " + custom);
        }
        var plan = OfflinePlanner.run(stack, settings.env(), settings.catalog(), Map.of(), ctx -> {
            for (int c = 0; c < components; c++) {
                var parent = new Group("group-" + c);
                for (int i = c; i < custom; i += components) {
                    new Parameter("param-" + i, ParameterArgs.builder()
                            .name("/bench/" + stack + "/param-" + i)
                            .type("String")
                            .value(replay.isEmpty() ? "value-" + i : replay.get(i))
                            .tags(Map.of("berth:environment", stack, "berth:group", "group-" + c, "berth:index", String.valueOf(i)))
                            .build(), CustomResourceOptions.builder().parent(parent).build());
                }
                parent.complete();
            }
        }, Duration.ofSeconds(Long.parseLong(System.getProperty("bench.timeout", "1800"))));
        var file = PlanJson.write(plan, out);
        System.out.printf("plan for %s: %d resources written to %s in %.1f s%n", stack, plan.resources().size(), file,
                (System.nanoTime() - started) / 1e9);
        System.exit(0);
    }

    /** A component that registers its outputs once its children exist, as berth's do (the planner checks it). */
    private static final class Group extends ComponentResource {
        Group(String name) {
            super("bench:index:Group", name, ComponentResourceOptions.builder().build());
        }

        void complete() {
            registerOutputs(Map.of());
        }
    }

    /** The inputs of every custom resource (providers included) of a berth plan file, as JSON text, in plan order. */
    private static List<String> customInputs(Path planFile) throws Exception {
        var out = new ArrayList<String>();
        for (var r : JsonParser.parseString(Files.readString(planFile)).getAsJsonObject().getAsJsonArray("resources")) {
            var resource = r.getAsJsonObject();
            if (resource.get("custom").getAsBoolean()) {
                out.add(resource.get("inputs").toString());
            }
        }
        return out;
    }
}
