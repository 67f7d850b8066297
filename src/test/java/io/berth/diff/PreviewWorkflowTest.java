package io.berth.diff;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull-request workflow ({@code .github/workflows/preview.yml}) checked without GitHub: valid
 * YAML, jobs that exist, pinned actions, only commands the README documents, and the README's
 * test command.
 */
class PreviewWorkflowTest {
    private static final Path WORKFLOW = Path.of(".github/workflows/preview.yml");
    private static final Path README = Path.of("README.md");
    /** owner/repo[/path]@version: a version tag (v4, v4.2.2) or a full commit id, never a branch. */
    private static final Pattern PINNED = Pattern.compile("^[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@(v\\d+(\\.\\d+){0,2}|[0-9a-f]{40})$");
    /** A command that starts with ./berth or mvn: at the start of a line or after a shell operator or keyword. */
    private static final Pattern COMMAND = Pattern.compile(
            "(?:^|[;&|({!]\\s*|\\b(?:if|then|else|do|time)\\s+)((?:\\./berth|mvn)\\b[^;&|)}>\\n]*)");

    private static Map<String, Object> workflow;
    private static Map<String, Map<String, Object>> jobs;
    private static String readme;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        workflow = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(WORKFLOW));
        jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
        readme = Files.readString(README);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("steps");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<Map<String, Object>> allSteps() {
        return jobs.values().stream().flatMap(j -> steps(j).stream()).toList();
    }

    /** Every ./berth and mvn command of every run: script, with its arguments, spaces collapsed. */
    private static List<String> commands() {
        var out = new ArrayList<String>();
        for (var step : allSteps()) {
            if (step.get("run") instanceof String script) {
                for (var line : script.replace("\\\n", " ").lines().toList()) {
                    var m = COMMAND.matcher(line.strip());
                    while (m.find()) {
                        out.add(m.group(1).strip().replaceAll("\\s+", " "));
                    }
                }
            }
        }
        return out;
    }

    /** The README's commands in its "The two commands" block, comments removed. */
    private static List<String> twoCommands() {
        var start = readme.indexOf("## The two commands");
        assertThat(start).as("README has a section 'The two commands'").isNotNegative();
        var open = readme.indexOf("```", start);
        var body = readme.substring(readme.indexOf('\n', open) + 1, readme.indexOf("```", open + 3));
        return body.lines().map(l -> l.replaceAll("\\s+#.*$", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void isValidYamlThatRunsOnPullRequests() {
        assertThat(workflow).containsKey("jobs");
        // YAML 1.1 reads the key `on` as the boolean true; GitHub reads it as "on"
        var on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(true);
        assertThat(on).isInstanceOf(Map.class);
        assertThat(map(on)).containsKey("pull_request");
        assertThat(jobs).containsKeys("offline", "pulumi-preview");
    }

    @Test
    void everyNeededJobExists() {
        jobs.forEach((name, job) -> {
            var needs = job.get("needs");
            List<Object> list = new ArrayList<>();
            if (needs instanceof List<?> l) {
                list.addAll(l);
            } else if (needs != null) {
                list.add(needs);
            }
            assertThat(list).as(name + " needs").allSatisfy(n -> assertThat(jobs).containsKey(String.valueOf(n)));
        });
        assertThat(jobs.get("pulumi-preview").get("needs")).isEqualTo("offline");
    }

    @Test
    void everyActionIsPinnedToAVersion() {
        var uses = allSteps().stream().map(s -> s.get("uses")).filter(u -> u != null).map(String::valueOf).toList();
        assertThat(uses).isNotEmpty().allSatisfy(u -> assertThat(u).matches(PINNED));
        assertThat(uses).contains("actions/checkout@v4", "actions/setup-java@v4", "actions/setup-node@v4",
                "actions/github-script@v7", "aws-actions/configure-aws-credentials@v4", "pulumi/actions@v6");
    }

    @Test
    void berthAndMavenCommandsAreOnesTheReadmeDocuments() {
        var documentedSubcommands = new LinkedHashSet<String>();
        var m = Pattern.compile("\\./berth (\\w+)").matcher(readme);
        while (m.find()) {
            documentedSubcommands.add(m.group(1));
        }
        assertThat(documentedSubcommands).contains("plan", "check", "diff");
        var commands = commands();
        assertThat(commands).anyMatch(c -> c.startsWith("./berth plan")).anyMatch(c -> c.startsWith("./berth diff"))
                .anyMatch(c -> c.startsWith("./berth check")).anyMatch(c -> c.startsWith("mvn"));
        for (var command : commands) {
            if (command.startsWith("./berth")) {
                var sub = command.split(" ").length > 1 ? command.split(" ")[1] : "";
                assertThat(documentedSubcommands).as(command).contains(sub);
            } else {
                assertThat(readme).as("README documents `" + command + "`").contains(command);
            }
        }
    }

    @Test
    void theReadmesTestCommandRuns() {
        var two = twoCommands();
        assertThat(two).hasSize(2);
        var testCommand = two.get(1);
        assertThat(testCommand).isEqualTo("mvn -B verify");
        assertThat(commands()).contains(testCommand);
    }

    @Test
    void theOfflineJobDiffsAgainstTheBaseBranchAndKeepsOneComment() {
        var offline = steps(jobs.get("offline"));
        var checkout = offline.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/checkout")).findFirst().orElseThrow();
        assertThat(map(checkout.get("with"))).containsEntry("fetch-depth", 0);
        var java = offline.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java")).findFirst().orElseThrow();
        assertThat(map(java.get("with"))).containsEntry("distribution", "temurin").containsEntry("java-version", "17")
                .containsEntry("cache", "maven");
        var node = offline.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-node")).findFirst().orElseThrow();
        assertThat(map(node.get("with"))).containsEntry("node-version", "20");
        assertThat(commands()).contains("./berth diff dev beta prod --base \"origin/$BASE_REF\" --format markdown");
        var script = offline.stream().filter(s -> "preview".equals(s.get("id"))).findFirst().orElseThrow();
        assertThat(map(script.get("env"))).containsEntry("BASE_REF", "${{ github.base_ref }}");
        var comment = offline.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/github-script")).findFirst().orElseThrow();
        assertThat(String.valueOf(map(comment.get("with")).get("script")))
                .contains("<!-- berth-preview -->").contains("updateComment").contains("createComment");
        assertThat(String.valueOf(script.get("run"))).contains("echo '<!-- berth-preview -->'");
    }

    @Test
    void theRealPreviewRunsOnlyWithCloudCredentials() {
        var job = jobs.get("pulumi-preview");
        assertThat(map(job.get("permissions"))).containsEntry("id-token", "write").containsEntry("pull-requests", "write");
        assertThat(String.valueOf(map(job.get("strategy")).get("matrix"))).contains("stack=[dev, beta, prod]");
        assertThat(map(job.get("env"))).containsKeys("PULUMI_ACCESS_TOKEN", "AWS_ROLE_ARN");
        var steps = steps(job);
        var first = steps.get(0);
        assertThat(String.valueOf(first.get("if"))).contains("env.PULUMI_ACCESS_TOKEN != ''").doesNotContain("secrets.");
        var gate = "steps." + first.get("id") + ".outputs.enabled";
        // every later step runs only with credentials, except the one that says why it skipped
        assertThat(steps.subList(1, steps.size())).allSatisfy(s -> assertThat(String.valueOf(s.get("if"))).contains(gate));
        assertThat(steps).filteredOn(s -> String.valueOf(s.get("if")).contains("!= 'true'")).hasSize(1);
        var pulumi = steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("pulumi/actions")).findFirst().orElseThrow();
        assertThat(map(pulumi.get("with"))).containsEntry("command", "preview").containsEntry("comment-on-pr", true);
        Set<String> ifs = new LinkedHashSet<>();
        steps.forEach(s -> ifs.add(String.valueOf(s.get("if"))));
        assertThat(ifs).noneMatch(i -> i.contains("secrets."));
    }
}
