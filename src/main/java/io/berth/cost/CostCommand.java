package io.berth.cost;

import static io.berth.plan.ExitCodes.EXIT_CONFIG;
import static io.berth.plan.ExitCodes.EXIT_ENGINE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.plan.CommandLineValues;
import io.berth.plan.PlanJson;
import io.berth.plan.PlannedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./berth cost <stack>... [--json] [--prices FILE] [--assume KEY=VALUE]...}: plans each stack
 * (or reads a plan file) and prints its monthly estimate at list price.
 */
@Command(name = "cost", mixinStandardHelpOptions = true, description = {
        "Plan stacks offline and estimate what each costs a month at list price: Fargate and Fargate Spot at the",
        "minimum and maximum task counts, EC2 host groups, NAT gateways, load balancers, endpoints, Route 53, KMS,",
        "alarms, dashboards, secrets, usage-priced items at stated assumptions; the DR replica on its own line;",
        "the same capacity all on-demand beside it. Prices: a dated file with a source per figure (docs/cost.md)."})
public final class CostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "STACK", converter = CommandLineValues.StackName.class,
            description = "Stacks to estimate (dev, beta, prod).")
    List<String> stacks;

    @Option(names = "--json", description = "Print the estimate as JSON (format " + CostReport.FORMAT + ") instead of a table.")
    boolean json;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price file laid over berth's (same format: docs/cost.md); its figures, instance types and assumptions win.")
    Path pricesFile;

    @Option(names = "--assume", paramLabel = "KEY=VALUE",
            description = "Set a usage assumption, e.g. --assume natGateway.gbPerGatewayMonth=500 (keys: docs/cost.md).")
    Map<String, String> assume = new LinkedHashMap<>();

    @Option(names = "--plan-file", paramLabel = "FILE",
            description = "Price this plan file (berth-plan/1) instead of planning; only with one stack.")
    Path planFile;

    @Option(names = "--project-dir", defaultValue = ".", description = "Directory holding Pulumi.yaml (default: ${DEFAULT-VALUE}).")
    Path projectDir;

    @Option(names = "--timeout", defaultValue = CommandLineValues.TimeoutSeconds.DEFAULT,
            converter = CommandLineValues.TimeoutSeconds.class, description = CommandLineValues.TimeoutSeconds.DESCRIPTION)
    Integer timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        if (planFile != null && stacks.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--plan-file prices one plan: give exactly one stack, got " + stacks.size());
        }
        Prices prices;
        try {
            prices = Prices.shippedWith(pricesFile).withAssumptions(assumptions(), "--assume");
        } catch (Prices.Invalid e) {
            System.err.println("berth: " + e.getMessage());
            return EXIT_CONFIG;
        }
        var mapper = new ObjectMapper();
        for (var stack : stacks) {
            JsonNode root;
            if (planFile != null) {
                try {
                    root = mapper.readTree(Files.readString(planFile));
                } catch (IOException e) {
                    System.err.println("berth: " + planFile + ": cannot be read as a plan file: " + e.getMessage());
                    return EXIT_CONFIG;
                }
                if (!PlanJson.FORMAT.equals(root.path("format").asText())) {
                    System.err.println("berth: " + planFile + ": format " + root.path("format") + " is not " + PlanJson.FORMAT
                            + "; write one with ./berth plan " + stack);
                    return EXIT_CONFIG;
                }
            } else {
                var planned = PlannedStack.planAndWrite(projectDir, stack, timeoutSeconds, PlannedStack.defaultDirectory(projectDir));
                if (planned.exitCode() != 0) {
                    return planned.exitCode();
                }
                root = mapper.readTree(PlanJson.render(planned.plan()));
            }
            var estimate = CostEstimator.estimate(root, prices);
            System.out.print(json ? CostReport.json(estimate) : CostReport.text(estimate));
            if (!json && stacks.size() > 1) {
                System.out.println();
            }
        }
        return 0;
    }

    private Map<String, Double> assumptions() {
        var out = new LinkedHashMap<String, Double>();
        assume.forEach((key, value) -> {
            try {
                out.put(key, Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--assume " + key + "=" + value + ": the value must be a number, e.g. --assume "
                        + key + "=100");
            }
        });
        return out;
    }
}
