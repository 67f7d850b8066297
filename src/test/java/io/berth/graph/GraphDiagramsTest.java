package io.berth.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.plan.Plan;
import io.berth.plan.PlanJson;
import io.berth.testing.Fixtures;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pictures {@code ./berth graph} and the diff comment draw, asserted here and written to
 * {@code target/graph-check/} for the real Mermaid parser: the Maven build runs
 * {@code node graph-check/check.mjs target/graph-check} after the tests (skip with -Dberth.skipPolicies).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GraphDiagramsTest {
    static final Path OUT = Path.of("target", "graph-check");
    static final Map<String, String> SHIPPED = new LinkedHashMap<>();
    static Plan fifty;
    static Plan before;
    static Plan after;

    @BeforeAll
    static void plan() throws IOException {
        Files.createDirectories(OUT);
        for (var stack : ShippedStacks.ALL) {
            var diagram = draw(ShippedStacks.plan(stack), PlanGraph.DEFAULT_COLLAPSE_ABOVE);
            SHIPPED.put(stack, diagram);
            Files.writeString(OUT.resolve(stack + ".mmd"), diagram);
        }
        Files.writeString(OUT.resolve("prod.md"), Mermaid.markdown("Stack prod", SHIPPED.get("prod")));
        var env = Fixtures.environment();
        fifty = Fixtures.plan(env, fiftyServices(env));
        Files.writeString(OUT.resolve("synthetic-50.mmd"), draw(fifty, PlanGraph.DEFAULT_COLLAPSE_ABOVE));
        before = Fixtures.plan(env, web(512), Fixtures.service("api"), Fixtures.service("batch"), Fixtures.service("legacy"));
        after = Fixtures.plan(env, web(1024), Fixtures.service("api"), Fixtures.service("batch"), Fixtures.service("search"));
    }

    static String draw(Plan plan, int collapseAbove) {
        return Mermaid.render(PlanGraph.fromPlanJson(PlanJson.render(plan), collapseAbove), "berth graph of " + plan.stack());
    }

    static ServiceSpec web(int memoryMiB) {
        return Fixtures.service("web", Map.of("memoryMiB", memoryMiB, "owner", "web-team",
                "expose", Map.of("type", "public", "paths", List.of("/*")), "calls", List.of("api")));
    }

    /** 50 services of 5 owners: every third one public, every fifth one calling the next, half from GitHub. */
    static List<ServiceSpec> fiftyServices(EnvironmentConfig env) {
        var specs = new ArrayList<ServiceSpec>();
        for (int i = 0; i < 50; i++) {
            var name = String.format("svc-%02d", i);
            var settings = new LinkedHashMap<String, Object>();
            settings.put("owner", "team-" + (char) ('a' + i % 5));
            if (i % 3 == 0) {
                settings.put("expose", Map.of("type", "public", "paths", List.of("/" + name + "/*")));
            } else {
                settings.put("expose", Map.of("type", "internal"));
            }
            if (i % 5 == 0) {
                settings.put("calls", List.of(String.format("svc-%02d", i + 1)));
            }
            if (i % 2 == 0) {
                settings.put("capacity", "spot-first");
            }
            specs.add(Fixtures.service(name, settings, env));
        }
        return specs;
    }

    @Test
    void prodShowsRoutesCapacityCallsReplicationPromotionAndTheReplica() {
        var prod = SHIPPED.get("prod");
        assertThat(prod)
                .contains("  alb_primary -->|\"/api/orders /api/orders/*\"| svc_primary_orders\n")
                .contains("  svc_primary_frontend -->|\"calls\"| svc_primary_nodejs\n")
                .contains("  svc_primary_batch_reports --> cap_primary_prod_batch\n")
                .contains("svc_primary_batch_reports[\"batch-reports<br/>cpu 1024 · 3072 MiB · job · cron(0 1 * * ? *)\"]")
                .contains("  ecr_primary ==>|\"replicates prod/*\"| ecr_replica_eu_central_1_333333333333\n")
                .contains("  src_promote_beta -.->|\"approval · blue/green · DR\"| svc_primary_orders\n")
                .contains("  dns -.->|\"secondary\"| alb_dr\n")
                .contains("subgraph owner_web_team[\"web-team · 3 services\"]");
    }

    @Test
    void devTagsReleasesForTheNextEnvironment() {
        assertThat(SHIPPED.get("dev")).contains("ecr_primary -.->|\"7 pipelines tag releases\"| next_environment");
    }

    @Test
    void theSamePlanGivesByteIdenticalText() {
        var json = PlanJson.render(ShippedStacks.plan("prod"));
        var again = Mermaid.render(PlanGraph.fromPlanJson(json, PlanGraph.DEFAULT_COLLAPSE_ABOVE), "berth graph of prod");
        assertThat(again).isEqualTo(SHIPPED.get("prod"));
    }

    @Test
    void fiftyServicesKeepTheirBoxesButDrawArrowsPerOwner() {
        var graph = PlanGraph.fromPlanJson(PlanJson.render(fifty), PlanGraph.DEFAULT_COLLAPSE_ABOVE);
        assertThat(graph.nodes().stream().filter(n -> n.key().startsWith("svc:primary:"))).hasSize(50);
        assertThat(graph.edges()).noneMatch(e -> e.from().startsWith("svc:") || e.to().startsWith("svc:"));
        assertThat(graph.edges()).hasSizeLessThanOrEqualTo(25);
        assertThat(Mermaid.render(graph, "fifty"))
                .contains("alb_primary -->|\"4 routes\"| owner_team_a\n")
                .contains("owner_team_a -->|\"10 calls\"| owner_team_b\n");
    }

    @Test
    void belowTheThresholdEveryServiceHasItsOwnArrows() {
        var graph = PlanGraph.fromPlanJson(PlanJson.render(fifty), 50);
        assertThat(graph.edges()).anyMatch(e -> e.from().equals("alb:primary") && e.to().equals("svc:primary:svc-03") && e.label().equals("/svc-03/*"));
    }

    @Test
    void theDiffPictureMarksAddedRemovedAndChangedBoxesOnly() throws IOException {
        var base = PlanGraph.fromPlanJson(PlanJson.render(before), Integer.MAX_VALUE);
        var head = PlanGraph.fromPlanJson(PlanJson.render(after), Integer.MAX_VALUE);
        var picture = GraphDiff.mermaid("dev", base, head).orElseThrow();
        Files.writeString(OUT.resolve("diff.mmd"), picture);
        assertThat(picture)
                .contains("  class svc_primary_search added\n")
                .contains("  class svc_primary_legacy removed\n")
                .contains("  class svc_primary_web changed\n")
                .contains("classDef added ")
                .contains("  svc_primary_web -->|\"calls\"| svc_primary_api\n")
                .doesNotContain("svc_primary_api -->")
                .doesNotContain("svc_primary_batch");
    }

    @Test
    void thePreviewCommentCarriesThePictureOfTheChange() {
        var base = io.berth.diff.PlanSnapshot.of(before);
        var head = io.berth.diff.PlanSnapshot.of(after);
        var picture = GraphDiff.mermaid("dev", PlanGraph.of("dev", base.resources().values(), base.outputs(), Integer.MAX_VALUE),
                PlanGraph.of("dev", head.resources().values(), head.outputs(), Integer.MAX_VALUE)).orElseThrow();
        var markdown = io.berth.diff.DiffReport.markdown(List.of(io.berth.diff.PlanDiff.compute(base, head, "base")), List.of(),
                Map.of(), Map.of("dev", picture));
        assertThat(markdown).contains("<summary>What changes in the picture (<code>./berth graph dev</code> draws all of it)</summary>\n\n```mermaid\n"
                + picture + "```\n");
    }

    @Test
    void graphCommandWritesTheDiagramOfThePlanFile(@org.junit.jupiter.api.io.TempDir Path project) throws IOException {
        Files.createDirectories(project.resolve("target/plan"));
        Files.writeString(project.resolve("target/plan/dev.json"), PlanJson.render(before));

        var exit = io.berth.cli.BerthCli.run("graph", "--project-dir", project.toString(), "--from-plan", "--markdown", "dev");

        assertThat(exit).isZero();
        var diagram = Files.readString(project.resolve("target/graph/dev.mmd"));
        assertThat(diagram).isEqualTo(Mermaid.render(PlanGraph.fromPlanJson(PlanJson.render(before), PlanGraph.DEFAULT_COLLAPSE_ABOVE),
                "berth graph of stack dev (from its plan, berth-plan/1)"));
        assertThat(Files.readString(project.resolve("target/graph/dev.md"))).isEqualTo("# Stack dev\n\n```mermaid\n" + diagram + "```\n");
    }

    @Test
    void graphFromAPlanThatIsNotThereIsAUsageError(@org.junit.jupiter.api.io.TempDir Path project) {
        assertThat(io.berth.cli.BerthCli.run("graph", "--project-dir", project.toString(), "--from-plan", "dev")).isEqualTo(2);
    }

    @Test
    void theSamePictureHasNoDiff() {
        var graph = PlanGraph.fromPlanJson(PlanJson.render(before), Integer.MAX_VALUE);
        assertThat(GraphDiff.mermaid("dev", graph, PlanGraph.fromPlanJson(PlanJson.render(before), Integer.MAX_VALUE))).isEmpty();
    }

    @Test
    void labelsAndIdsCannotBreakTheDiagram() throws IOException {
        var graph = new Graph()
                .group("owner:a \"b\" end", "team \"quotes\" <b>bold</b> & #hash", null)
                .node("end", Graph.Shape.BOX, "owner:a \"b\" end", "say \"hi\"", "path /api/*|x", "`tick`")
                .node("1st", Graph.Shape.CYLINDER, null, "[brackets] (parens) {braces}")
                .edge("end", "1st", "routes \"/a\" | #1 <x>", Graph.Edge.Style.DOTTED);
        var text = Mermaid.render(graph, "escaping");
        Files.writeString(OUT.resolve("escaping.mmd"), text);
        assertThat(text)
                .contains("subgraph owner_a_b_end[\"team #quot;quotes#quot; #lt;b#gt;bold#lt;/b#gt; #amp; #35;hash\"]")
                .contains("n_end[\"say #quot;hi#quot;<br/>path /api/*|x<br/>#96;tick#96;\"]")
                .contains("n_1st[(\"[brackets] (parens) {braces}\")]")
                .contains("n_end -.->|\"routes #quot;/a#quot; | #35;1 #lt;x#gt;\"| n_1st");
    }
}
