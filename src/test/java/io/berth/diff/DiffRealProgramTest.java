package io.berth.diff;

import io.berth.cli.BerthCli;
import io.berth.diff.ResourceChange.Kind;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diff on the real program: each test copies the project's stack files and service catalog
 * into a temporary directory, changes one thing as a pull request would, plans the copy in process
 * and compares it with the plan of the unchanged copy (dev, planned once for the class).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DiffRealProgramTest {
    private static final String STACK = "dev";

    @TempDir
    static Path temp;

    private static Path baseDir;
    private static Plan basePlan;
    private static PlanSnapshot base;

    @BeforeAll
    static void planTheUnchangedProject() throws IOException {
        baseDir = copyProject("base");
        // the unchanged project's plan, once for the class (identicalInputGivesAnEmptyDiff shows a copy plans the same)
        basePlan = OfflinePlanner.plan(baseDir, STACK);
        base = PlanSnapshot.of(basePlan);
    }

    /**
     * The services the tests change (orders: pipeline-owned, reports: pulumi-owned) and those they need (orders
     * calls crystal and sends to order-worker's queue): half the catalog, so each of the class's plans costs half.
     */
    private static final Set<String> SERVICES = Set.of("orders", "crystal", "order-worker", "reports");

    /** The stack files (Pulumi*.yaml) and {@link #SERVICES} of this project, in a fresh directory. */
    private static Path copyProject(String name) throws IOException {
        return ShippedStacks.copyProject(Files.createDirectories(temp.resolve(name)), SERVICES::contains);
    }

    /** A copy of the project changed by {@code change}, planned, and diffed against the unchanged one. */
    private static StackDiff diffAfter(String name, Consumer<Path> change) throws IOException {
        var dir = copyProject(name);
        change.accept(dir);
        var head = PlanSnapshot.of(OfflinePlanner.plan(dir, STACK));
        return PlanDiff.compute(base, head, "unchanged copy");
    }

    private static void edit(Path file, String from, String to) {
        try {
            var text = Files.readString(file);
            assertThat(text).contains(from);
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResourceChange named(StackDiff d, String name) {
        return d.resources().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + name + " in " + d.resources().stream().map(ResourceChange::name).toList()));
    }

    @Test
    void identicalInputGivesAnEmptyDiff() throws IOException {
        var again = OfflinePlanner.plan(copyProject("same"), STACK);
        var d = PlanDiff.compute(base, PlanSnapshot.of(again), "unchanged copy");
        assertThat(d.resources()).isEmpty();
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.summaryLine()).startsWith("dev: +0 ~0 -0, 0 replacements");
        assertThat(DiffReport.text(List.of(d), List.of())).contains("no changes");
    }

    @Test
    void addingAServiceAddsItsResourcesAndNothingElse() throws IOException {
        var d = diffAfter("added", dir -> {
            try {
                Files.writeString(dir.resolve("services/payments.yaml"), """
                        description: Payments backend
                        image:
                          repository: payments
                        port: 8080
                        expose:
                          type: internal
                        scaling: {min: 1, max: 2}
                        """);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(d.ofKind(Kind.ADDED)).extracting(ResourceChange::name)
                .contains("dev-payments", "dev-payments-task", "dev-payments-service", "dev-payments-logs", "dev-repo-payments");
        // its owner (the environment's, platform-team) gets an alarm topic: no dev service had that owner yet
        assertThat(d.ofKind(Kind.ADDED)).allSatisfy(r -> assertThat(r.name().contains("payments")
                || r.name().startsWith("dev-notifications-owner-platform-team")).as(r.name()).isTrue());
        // the dashboard gains the service's row
        assertThat(d.ofKind(Kind.UPDATED)).extracting(ResourceChange::name).containsExactly("dev-dashboard");
        assertThat(d.removed()).isZero();
        assertThat(d.replacements()).isEmpty();
        assertThat(d.summaryLine()).startsWith("dev: +" + d.added() + " ~1 -0, 0 replacements");
    }

    @Test
    void changingTheMinimumUpdatesAutoscalingAndLeavesTheDesiredCountToIt() throws IOException {
        var d = diffAfter("scaled", dir -> edit(dir.resolve("services/orders.yaml"),
                "    memoryMiB: 1024\n    scaling: {min: 1, max: 2}", "    memoryMiB: 1024\n    scaling: {min: 2, max: 4}"));
        var target = named(d, "dev-orders-scaling");
        assertThat(target.kind()).isEqualTo(Kind.UPDATED);
        assertThat(target.changes()).extracting(PropertyChange::label).containsExactly("maxCapacity", "minCapacity");
        var service = named(d, "dev-orders-service");
        assertThat(service.kind()).isEqualTo(Kind.IGNORED); // ignoreChanges: [desiredCount]
        assertThat(service.ignored()).extracting(IgnoredChange::label).containsExactly("desiredCount");
        // the pipeline's Start step brings a service that waited for its first release to the new minimum
        assertThat(named(d, "dev-orders-delivery-pipeline").kind()).isEqualTo(Kind.UPDATED);
        // the running-tasks alarm follows the minimum
        assertThat(named(d, "dev-orders-alarms-running-tasks").changes()).extracting(PropertyChange::label)
                .containsExactlyInAnyOrder("alarmDescription", "threshold");
        assertThat(d.replacements()).isEmpty();
        assertThat(d.summaryLine()).startsWith("dev: +0 ~3 -0, 0 replacements");
    }

    @Test
    void changingTheImageTagReplacesTheTaskDefinitionAndRollsTheServiceOut() throws IOException {
        // reports has no pipeline: berth owns its task definition
        var d = diffAfter("image", dir -> edit(dir.resolve("services/reports.yaml"), "  tag: \"1.27\"\n", "  tag: \"1.28\"\n"));
        var task = named(d, "dev-reports-task");
        assertThat(task.kind()).isEqualTo(Kind.REPLACED);
        assertThat(task.changes()).singleElement().satisfies(c -> {
            assertThat(c.label()).isEqualTo("containerDefinitions[reports].image");
            assertThat(c.before().asText()).endsWith("/nginx/nginx-unprivileged:1.27");
            assertThat(c.after().asText()).endsWith("/nginx/nginx-unprivileged:1.28");
        });
        var service = named(d, "dev-reports-service");
        assertThat(service.kind()).isEqualTo(Kind.UPDATED);
        assertThat(service.notes()).singleElement().asString().startsWith("`taskDefinition` takes the new id/ARN of `dev-reports-task`");
        assertThat(d.summaryLine()).startsWith("dev: +0 ~2 -0, 1 replacement");
    }

    @Test
    void aPipelineOwnedServiceIsNotRolledOutByPulumiUp() throws IOException {
        // orders has a pipeline: berth registers its new revision and hands it to the pipeline; the service stays
        var d = diffAfter("image-owned", dir -> edit(dir.resolve("services/orders.yaml"), "  tag: \"1.0.0\"", "  tag: v2.1.0"));
        assertThat(named(d, "dev-orders-task").kind()).isEqualTo(Kind.REPLACED);
        assertThat(d.resources()).noneMatch(r -> r.name().equals("dev-orders-service") && r.kind() != Kind.IGNORED);
        var deploy = named(d, "dev-orders-delivery-deploy");
        assertThat(deploy.kind()).isEqualTo(Kind.UPDATED);
        assertThat(deploy.notes()).singleElement().asString().contains("dev-orders-task");
    }

    @Test
    void renamingAServiceReplacesEveryResourceOfIt() throws IOException {
        var d = diffAfter("renamed", dir -> {
            try {
                Files.move(dir.resolve("services/reports.yaml"), dir.resolve("services/analytics.yaml"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(d.ofKind(Kind.ADDED)).isEmpty();
        assertThat(d.ofKind(Kind.REMOVED)).isEmpty();
        var renamed = d.ofKind(Kind.RENAMED);
        assertThat(renamed).extracting(ResourceChange::name).contains("dev-analytics", "dev-analytics-task", "dev-analytics-service");
        assertThat(renamed).allSatisfy(r -> assertThat(r.baseName()).isEqualTo(r.name().replace("analytics", "reports")));
        assertThat(named(d, "dev-analytics-service").replaceReasons())
                .containsExactly("renamed `dev-reports-service` -> `dev-analytics-service`: will be REPLACED");
        // all but the components (the service's and its alarms')
        assertThat(d.replacements()).hasSize((int) renamed.stream().filter(ResourceChange::custom).count());
        assertThat(renamed).filteredOn(r -> !r.custom()).extracting(ResourceChange::name)
                .containsExactlyInAnyOrder("dev-analytics", "dev-analytics-alarms");
        assertThat(DiffReport.text(List.of(d), List.of())).contains("renamed dev-reports-task -> dev-analytics-task: will be REPLACED");
    }

    @Test
    void aWritableRootFilesystemIntroducesAGuardrailViolation() throws IOException {
        var dir = copyProject("writable");
        edit(dir.resolve("services/reports.yaml"), "security:\n", "security:\n  readOnlyRootFilesystem: false\n");
        var head = PlanSnapshot.write(OfflinePlanner.plan(dir, STACK), dir.resolve("target/plan"));
        var basePlan = PlanSnapshot.write(DiffRealProgramTest.basePlan, baseDir.resolve("target/plan"));
        var guardrails = new Guardrails(ShippedStacks.PROJECT_DIR);
        var d = PlanDiff.compute(basePlan, head, "unchanged copy");
        var before = guardrails.checkCached(basePlan.file(), STACK);
        d = d.withGuardrails(GuardrailDelta.between(before, guardrails.check(head.file(), STACK), d.renames()));
        // a base plan's violations are remembered beside it, keyed by the pack's sources
        try (Stream<Path> files = Files.list(basePlan.file().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(f -> f.matches("dev\\.violations-[0-9a-f]{16}\\.json"));
        }
        assertThat(guardrails.checkCached(basePlan.file(), STACK)).isEqualTo(before);

        assertThat(named(d, "dev-reports-task").changes()).extracting(PropertyChange::label)
                .contains("containerDefinitions[reports].readonlyRootFilesystem");
        assertThat(d.guardrails().introduced()).singleElement().satisfies(v -> {
            assertThat(v.policy()).isEqualTo("ecs-read-only-root-filesystem");
            assertThat(v.level()).isEqualTo("mandatory");
            assertThat(v.resourceName()).isEqualTo("dev-reports-task");
        });
        assertThat(d.guardrails().fixed()).isEmpty();
        assertThat(d.summaryLine()).contains(", 1 new mandatory violation, 0 new advisory violations");
    }

    /** Point 1: a config change of a pipeline-owned service is registered by pulumi up but shipped by the pipeline. */
    @Test
    void aPipelineOwnedConfigChangeIsShownAsNotAppliedByPulumiUpWithItsOwner() throws IOException {
        var d = diffAfter("owned-config", dir -> edit(dir.resolve("services/orders.yaml"),
                "  dev:\n    cpu: 512\n    memoryMiB: 1024\n", "  dev:\n    cpu: 1024\n    memoryMiB: 2048\n    environment: {LOG_LEVEL: debug}\n"));
        var task = named(d, "dev-orders-task");
        assertThat(task.kind()).isEqualTo(Kind.REPLACED);
        assertThat(task.changes()).extracting(PropertyChange::label)
                .containsExactly("containerDefinitions[orders].environment[LOG_LEVEL]", "cpu", "memory");
        assertThat(task.replaceReasons()).singleElement().asString()
                .endsWith("every change registers a new revision; `pulumi up` does NOT deploy it to `dev-orders-service`: "
                        + "pipeline `dev-orders` owns its releases, it ships with the next pipeline run")
                .doesNotContain("rolls");

        var service = named(d, "dev-orders-service");
        assertThat(service.kind()).isEqualTo(Kind.IGNORED);
        assertThat(service.changes()).isEmpty();
        assertThat(service.ignored()).singleElement().satisfies(c -> {
            assertThat(c.label()).isEqualTo("taskDefinition");
            assertThat(c.cause()).isEqualTo("takes the new id/ARN of `dev-orders-task`, which is replaced");
            assertThat(c.owner().owner()).isEqualTo("pipeline `dev-orders` (stage Deploy)");
            assertThat(c.owner().effect()).isEqualTo("ships with the next pipeline run");
            assertThat(c.owner().shipNow()).isEqualTo("`aws codepipeline start-pipeline-execution --name dev-orders`");
        });
        assertThat(d.summaryLine()).isEqualTo("dev: +0 ~2 -0, 1 replacement, violations not checked, 1 change not applied by pulumi up");
        assertThat(DiffReport.text(List.of(d), List.of())).contains("""
                NOT APPLIED BY pulumi up (the resource's ignoreChanges hands these to another owner)
                  ~ dev-orders-service (aws:ecs/service:Service)
                       taskDefinition: takes the new id/ARN of dev-orders-task, which is replaced
                         owner: pipeline dev-orders (stage Deploy): ships with the next pipeline run
                         to ship it now: aws codepipeline start-pipeline-execution --name dev-orders
                """);
        assertThat(DiffReport.markdown(List.of(d), List.of())).contains("> [!IMPORTANT]\n> **Not applied by `pulumi up`**");
    }

    /** Point 1, the other owner: raising the minimum leaves desiredCount to autoscaling, and says so. */
    @Test
    void aDesiredCountChangeIsOwnedByAutoscaling() throws IOException {
        var d = diffAfter("scaled-owner", dir -> edit(dir.resolve("services/orders.yaml"),
                "    memoryMiB: 1024\n    scaling: {min: 1, max: 2}", "    memoryMiB: 1024\n    scaling: {min: 2, max: 4}"));
        assertThat(named(d, "dev-orders-service").ignored()).singleElement().satisfies(c -> {
            assertThat(c.owner().owner()).isEqualTo("Application Auto Scaling (`dev-orders-scaling`, min 2, max 4)");
            assertThat(c.owner().effect()).startsWith("owned by autoscaling");
            assertThat(c.owner().shipNow()).startsWith("`aws ecs update-service --cluster dev-cluster --service dev-orders-service --desired-count 2`");
        });
    }

    /** Point 2: a new service shows what it may do: IAM statements, network rules, containers, listener rule. */
    @Test
    void aNewServiceShowsItsIamStatementsPortsContainersAndListenerRule() throws IOException {
        var d = newService();
        var taskPolicy = table(named(d, "dev-payments-task-policy"), "IAM statements of `dev-payments-task-policy` (role `dev-payments-task-role`)");
        assertThat(taskPolicy.columns()).containsExactly("Sid", "Effect", "Actions", "Resources");
        assertThat(taskPolicy.rows().get(0)).isEqualTo(new SecurityView.Row('+', List.of("ReadLedger", "Allow",
                "dynamodb:GetItem, dynamodb:Query", "arn:aws:dynamodb:eu-west-1:111111111111:table/dev-ledger")));
        var trust = table(named(d, "dev-payments-task-role"), "trust policy of `dev-payments-task-role`");
        assertThat(trust.rows()).singleElement().isEqualTo(new SecurityView.Row('+', List.of("Allow", "Service: ecs-tasks.amazonaws.com",
                "sts:AssumeRole", "StringEquals aws:SourceAccount = 111111111111")));

        var fromAlb = table(named(d, "dev-payments-from-alb"), "network rule `dev-payments-from-alb`");
        assertThat(fromAlb.rows()).singleElement().isEqualTo(new SecurityView.Row('+',
                List.of("ingress", "tcp", "8080", "from sg dev-alb-sg", "dev-payments-sg", "Port 8080 from alb")));
        var toCrystal = table(named(d, "dev-crystal-from-payments"), "network rule `dev-crystal-from-payments`");
        assertThat(toCrystal.rows().get(0).cells()).containsSubsequence("ingress", "tcp", "3000", "from sg dev-payments-sg", "dev-crystal-sg");

        var containers = table(named(d, "dev-payments-task"), "containers of `dev-payments-task` (task cpu 256, memory 512; "
                + "task role `dev-payments-task-role`; execution role `dev-payments-execution-role`)");
        assertThat(containers.rows()).singleElement().isEqualTo(new SecurityView.Row('+', List.of("payments",
                "111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/payments:1.0.0", "-", "-", "8080/tcp", "PAYMENTS_MODE",
                "API_KEY (SSM)", "user 1000:1000")));
        var rule = table(named(d, "dev-payments-rule"), "listener rule `dev-payments-rule` on `dev-http`");
        assertThat(rule.rows()).singleElement().satisfies(r -> assertThat(r.cells()).containsExactly(
                r.cells().get(0), "path /api/payments/*", "forward to dev-payments-tg"));

        var text = DiffReport.text(List.of(d), List.of());
        assertThat(text).contains("         + ReadLedger          Allow   dynamodb:GetItem, dynamodb:Query")
                .doesNotContain("live"); // an environment variable's value is never shown, only its name
        assertThat(DiffReport.markdown(List.of(d), List.of()))
                .contains("| + | `ingress` | `tcp` | `8080` | `from sg dev-alb-sg` | `dev-payments-sg` | `Port 8080 from alb` |");
    }

    /** Point 3: lists change element by element, nothing cut. */
    @Test
    void aListChangeShowsTheElementsThatComeAndGo() throws IOException {
        var d = diffAfter("paths", dir -> edit(dir.resolve("services/orders.yaml"),
                "  paths: [\"/api/orders\", \"/api/orders/*\"]", "  paths: [\"/api/orders/*\", \"/api/checkout/*\"]"));
        var rule = named(d, "dev-orders-rule");
        assertThat(rule.changes()).singleElement().satisfies(c -> assertThat(DiffReport.changeLines(c)).containsExactly(
                "~ conditions[0].pathPattern.values: 2 -> 2 elements", "    + \"/api/checkout/*\"", "    - \"/api/orders\""));
        // the stack output listing every service, when one is added: the new element, whole
        assertThat(newService().outputs()).singleElement().satisfies(c -> assertThat(DiffReport.changeLines(c))
                .containsExactly("~ services: " + SERVICES.size() + " -> " + (SERVICES.size() + 1) + " elements", "    + \"payments\""));
    }

    /** Point 4: a correct new service brings only advisory violations, counted apart, each naming the key that fixes it. */
    @Test
    void aNewServiceWithOnlyAdvisoryViolationsSaysSo() throws IOException {
        var d = newService();
        var dir = temp.resolve("new-service");
        var head = PlanSnapshot.write(newServicePlan, dir.resolve("target/plan"));
        var basePlan = PlanSnapshot.write(DiffRealProgramTest.basePlan, baseDir.resolve("target/plan"));
        var guardrails = new Guardrails(ShippedStacks.PROJECT_DIR);
        d = d.withGuardrails(GuardrailDelta.between(guardrails.checkCached(basePlan.file(), STACK), guardrails.check(head.file(), STACK), d.renames()));
        var introduced = d.guardrails().introduced();
        assertThat(introduced).isNotEmpty().allSatisfy(v -> {
            assertThat(v.level()).isEqualTo("advisory");
            assertThat(v.message()).containsPattern("\\[berth fix: (catalog|stack) keys? ");
        });
        assertThat(introduced).filteredOn(v -> v.policy().equals("ecs-on-demand-base")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("catalog key capacity (on-demand or balanced), or capacity.allowSpotOnly: true"));
        assertThat(d.summaryLine()).contains(", 0 new mandatory violations, " + introduced.size() + " new advisory violation");
        assertThat(DiffReport.text(List.of(d), List.of())).contains("GUARDRAILS (0 new mandatory, " + introduced.size() + " new advisory)");
    }

    private static StackDiff newServiceDiff;
    private static Plan newServicePlan;

    /** dev with services/payments.yaml added (planned once for the tests that read it). */
    private static synchronized StackDiff newService() throws IOException {
        if (newServiceDiff == null) {
            var dir = copyProject("new-service");
            Files.writeString(dir.resolve("services/payments.yaml"), NEW_SERVICE);
            newServicePlan = OfflinePlanner.plan(dir, STACK);
            newServiceDiff = PlanDiff.compute(base, PlanSnapshot.of(newServicePlan), "unchanged copy");
        }
        return newServiceDiff;
    }

    private static SecurityView.Table table(ResourceChange r, String title) {
        return r.security().stream().filter(t -> t.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + title + " in " + r.security().stream().map(SecurityView.Table::title).toList()));
    }

    static final String NEW_SERVICE = """
            description: Payments API
            image: {repository: payments, tag: "1.0.0"}
            port: 8080
            environment: {PAYMENTS_MODE: live}
            secrets: {API_KEY: "ssm:/berth/{env}/payments/api-key"}
            expose: {type: public, paths: ["/api/payments/*"]}
            calls: [crystal]
            permissions:
              - sid: ReadLedger
                actions: [dynamodb:GetItem, dynamodb:Query]
                resources: ["arn:aws:dynamodb:{region}:{account}:table/{env}-ledger"]
            scaling: {min: 1, max: 2}
            """;

    /** A type missing from the table would only ever be reported as updated. */
    @Test
    void theReplacementTableKnowsEveryTypeTheShippedStacksCreate() {
        for (var stack : ShippedStacks.ALL) {
            assertThat(ShippedStacks.plan(stack).resources()).filteredOn(r -> r.custom())
                    .allSatisfy(r -> assertThat(ReplacementRules.knows(r.type())).as(stack + ": " + r.type()).isTrue());
        }
    }

    /** The whole command on a temporary git repository: base = merge base with main, planned once, then cached. */
    @Test
    void theCommandPlansTheMergeBaseWithMainAndCachesIt() throws Exception {
        var repo = copyProject("repo");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base");
        git(repo, "checkout", "-q", "-b", "feature");
        edit(repo.resolve("services/orders.yaml"), "  tag: \"1.0.0\"", "  tag: v2.1.0");

        var first = berth("diff", STACK, "--project-dir", repo.toString(), "--no-guardrails");
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out.lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("dev: +0 ~2 -0, 1 replacement, violations not checked, 1 change not applied by pulumi up, monthly cost unchanged"));
        assertThat(first.out).contains("(merge base with main)").contains("+- dev-orders-task");
        assertThat(first.err).contains("planning dev at");
        var commit = git(repo, "rev-parse", "main").strip();
        var cached = repo.resolve("target/diff-cache").resolve(commit).resolve(STACK + ".json");
        assertThat(cached).isRegularFile();
        assertThat(PlanSnapshot.read(cached).resources()).isEqualTo(base.resources());

        var second = berth("diff", STACK, "--project-dir", repo.toString(), "--no-guardrails", "--format", "markdown");
        assertThat(second.code).as(second.err).isZero();
        assertThat(second.err).doesNotContain("planning dev at");
        assertThat(second.out).contains("`dev: +0 ~2 -0, 1 replacement, violations not checked, 1 change not applied by pulumi up, monthly cost unchanged");

        var unknown = berth("diff", STACK, "--project-dir", repo.toString(), "--base", "no-such-branch");
        assertThat(unknown.code).isEqualTo(1);
        assertThat(unknown.err).contains("--base no-such-branch is not a commit here");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run berth(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var oldOut = System.out;
        var oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var code = BerthCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String git(Path dir, String... args) {
        var command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        var result = Processes.run(dir, java.time.Duration.ofSeconds(30), command);
        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.stderr()).isZero();
        return result.stdout();
    }
}
