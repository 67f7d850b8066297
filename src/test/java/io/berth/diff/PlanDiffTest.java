package io.berth.diff;

import io.berth.diff.ResourceChange.Kind;
import io.berth.diff.TestPlans.Res;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.diff.TestPlans.component;
import static io.berth.diff.TestPlans.plan;
import static io.berth.diff.TestPlans.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** The diff on small hand-built plans: one behaviour per test. */
class PlanDiffTest {
    private static final String TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
    private static final String ECS_SERVICE = "aws:ecs/service:Service";
    private static final String CONTAINERS = """
            [{"name":"web","image":"123.dkr.ecr.eu-west-1.amazonaws.com/dev/web:1.0","essential":true,
              "environment":[{"name":"LOG_LEVEL","value":"info"},{"name":"REGION","value":"eu-west-1"}],
              "readonlyRootFilesystem":true}]""";

    private static StackDiff diff(PlanSnapshot base, PlanSnapshot head) {
        return PlanDiff.compute(base, head, "base");
    }

    private static ResourceChange only(StackDiff d) {
        assertThat(d.resources()).hasSize(1);
        return d.resources().get(0);
    }

    private static Res service() {
        return component("berth:service:Service", "dev-web");
    }

    private static Res taskDefinition(Res parent, String containers) {
        return resource(TASK_DEF, "dev-web-task", parent).input("family", "dev-web").input("cpu", "256")
                .input("containerDefinitions", containers);
    }

    @Test
    void identicalPlansGiveAnEmptyDiff() {
        var svc = service();
        var task = taskDefinition(svc, CONTAINERS);
        var ecs = resource(ECS_SERVICE, "dev-web-service", svc).input("desiredCount", 2).dependsOn(task);
        var d = diff(plan(svc, task, ecs), plan(svc, task, ecs));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.resources()).isEmpty();
        assertThat(d.summaryLine()).isEqualTo("dev: +0 ~0 -0, 0 replacements, violations not checked");
    }

    @Test
    void numbersCompareByValueAndAJsonStringByItsContent() {
        var svc = service();
        var before = resource(ECS_SERVICE, "dev-web-service", svc).input("desiredCount", 2)
                .input("doc", "{\"a\": 1, \"b\": [1, 2]}");
        var after = before.copy().input("desiredCount", 2.0).input("doc", "{\"b\":[1,2],\"a\":1.0}");
        assertThat(diff(plan(svc, before), plan(svc, after)).resources()).isEmpty();
    }

    @Test
    void resourcesAreKeyedByUrn() {
        var svc = service();
        var kept = resource("aws:cloudwatch/logGroup:LogGroup", "dev-web-logs", svc).input("name", "/berth/dev/web");
        var gone = resource("aws:iam/role:Role", "dev-web-old-role", svc);
        var added = resource("aws:ecr/repository:Repository", "dev-web-repo", svc).input("name", "dev/web");
        var d = diff(plan(svc, kept, gone), plan(svc, kept, added));
        assertThat(d.ofKind(Kind.ADDED)).extracting(ResourceChange::urn).containsExactly(added.urn());
        assertThat(d.ofKind(Kind.REMOVED)).extracting(ResourceChange::urn).containsExactly(gone.urn());
        assertThat(d.summaryLine()).startsWith("dev: +1 ~0 -1, 0 replacements");
    }

    @Test
    void containerDefinitionsAreComparedFieldByFieldAndReplaceTheTaskDefinition() {
        var svc = service();
        var before = taskDefinition(svc, CONTAINERS);
        var after = taskDefinition(svc, CONTAINERS.replace("\"info\"", "\"debug\"").replace("web:1.0", "web:1.1"));
        var change = only(diff(plan(svc, before), plan(svc, after)));
        assertThat(change.kind()).isEqualTo(Kind.REPLACED);
        assertThat(change.changes()).extracting(PropertyChange::label).containsExactly(
                "containerDefinitions[web].environment[LOG_LEVEL].value", "containerDefinitions[web].image");
        assertThat(change.changes().get(0).before().asText()).isEqualTo("info");
        assertThat(change.changes().get(0).after().asText()).isEqualTo("debug");
        assertThat(change.replaceReasons()).singleElement().asString()
                .contains("`containerDefinitions` changes").contains("immutable").contains("new revision");
    }

    @Test
    void iamPolicyStatementsAreMatchedBySid() {
        var svc = service();
        var policy = """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"Logs","Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"},
                  {"Sid":"Queue","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":"arn:aws:sqs:eu-west-1:1:q"}]}""";
        var before = resource("aws:iam/rolePolicy:RolePolicy", "dev-web-task-policy", svc).input("role", "r").input("policy", policy);
        // a new statement first and a new action: only those show, whatever the order
        var after = before.copy().input("policy", policy
                .replace("[\n  {\"Sid\":\"Logs\"", "[\n  {\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"},{\"Sid\":\"Logs\"")
                .replace("[\"sqs:SendMessage\"]", "[\"sqs:SendMessage\",\"sqs:DeleteMessage\"]"));
        var change = only(diff(plan(svc, before), plan(svc, after)));
        assertThat(change.kind()).isEqualTo(Kind.UPDATED);
        assertThat(change.changes()).extracting(PropertyChange::label).containsExactly(
                "policy.Statement[Read]", "policy.Statement[Queue].Action");
    }

    @Test
    void aPropertyInTheReplacementTableReplacesAndOthersUpdate() {
        var vpc = resource("aws:ec2/vpc:Vpc", "dev-vpc", null).input("cidrBlock", "10.10.0.0/16").input("tags", Map.of("owner", "a"));
        var retagged = only(diff(plan(vpc), plan(vpc.copy().input("tags", Map.of("owner", "b")))));
        assertThat(retagged.kind()).isEqualTo(Kind.UPDATED);
        assertThat(retagged.replacement()).isFalse();
        var moved = only(diff(plan(vpc), plan(vpc.copy().input("cidrBlock", "10.20.0.0/16"))));
        assertThat(moved.kind()).isEqualTo(Kind.REPLACED);
        assertThat(moved.replaceReasons()).containsExactly("`cidrBlock` changes, which forces a replacement");
    }

    @Test
    void theReplacementTableKnowsTheTypesBerthCreates() {
        assertThat(ReplacementRules.forcesReplacement("aws:lb/loadBalancer:LoadBalancer", "internal")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:lb/loadBalancer:LoadBalancer", "idleTimeout")).isFalse();
        assertThat(ReplacementRules.forcesReplacement("aws:lb/targetGroup:TargetGroup", "port")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:lb/targetGroup:TargetGroup", "healthCheck.path")).isFalse();
        assertThat(ReplacementRules.forcesReplacement("aws:servicediscovery/service:Service", "dnsConfig.namespaceId")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:servicediscovery/service:Service", "dnsConfig")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:servicediscovery/service:Service", "dnsConfig.routingPolicy")).isFalse();
        assertThat(ReplacementRules.forcesReplacement(TASK_DEF, "tags.owner")).isFalse();
        assertThat(ReplacementRules.forcesReplacement(TASK_DEF, "memory")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:kms/key:Key", "description")).isFalse();
        assertThat(ReplacementRules.forcesReplacement("aws:ecs/cluster:Cluster", "settings")).isFalse();
        for (var type : List.of("aws:ec2/subnet:Subnet", "aws:ecr/repository:Repository", "aws:cloudwatch/logGroup:LogGroup",
                "aws:ec2/securityGroup:SecurityGroup", "aws:s3/bucketV2:BucketV2", "aws:ecs/cluster:Cluster", "aws:iam/role:Role")) {
            assertThat(ReplacementRules.knows(type)).as(type).isTrue();
        }
    }

    @Test
    void replaceOnChangesOfTheResourceReplaces() {
        var svc = service();
        var before = resource(ECS_SERVICE, "dev-web-service", svc).input("enableExecuteCommand", true)
                .option("replaceOnChanges", List.of("enableExecuteCommand"));
        var change = only(diff(plan(svc, before), plan(svc, before.copy().input("enableExecuteCommand", false))));
        assertThat(change.kind()).isEqualTo(Kind.REPLACED);
        assertThat(change.replaceReasons()).singleElement().asString().contains("replaceOnChanges");
    }

    @Test
    void ignoredChangesAreListedApartAndNotCounted() {
        var svc = service();
        var before = resource(ECS_SERVICE, "dev-web-service", svc).input("desiredCount", 1)
                .option("ignoreChanges", List.of("desiredCount"));
        var d = diff(plan(svc, before), plan(svc, before.copy().input("desiredCount", 3)));
        var change = only(d);
        assertThat(change.kind()).isEqualTo(Kind.IGNORED);
        assertThat(change.ignored()).extracting(IgnoredChange::label).containsExactly("desiredCount");
        assertThat(d.changed()).isZero();
        assertThat(d.isEmpty()).isTrue();
        assertThat(DiffReport.text(List.of(d), List.of())).contains("NOT APPLIED BY pulumi up")
                .contains("  ~ dev-web-service (aws:ecs/service:Service)\n       ~ desiredCount: 1 -> 3\n");
    }

    @Test
    void aRenameUnderTheSameOrTheRenamedParentIsAReplacement() {
        var web = service();
        var webLogs = resource("aws:cloudwatch/logGroup:LogGroup", "dev-web-logs", web).input("name", "/berth/dev/services/web");
        var webRole = resource("aws:iam/role:Role", "dev-web-task-role", web).input("description", "web task");
        var webExec = resource("aws:iam/role:Role", "dev-web-execution-role", web).input("description", "web execution");
        var shop = component("berth:service:Service", "dev-shop");
        var shopLogs = resource("aws:cloudwatch/logGroup:LogGroup", "dev-shop-logs", shop).input("name", "/berth/dev/services/shop");
        var shopRole = resource("aws:iam/role:Role", "dev-shop-task-role", shop).input("description", "shop task");
        var shopExec = resource("aws:iam/role:Role", "dev-shop-execution-role", shop).input("description", "shop execution");
        var d = diff(plan(web, webLogs, webRole, webExec), plan(shop, shopLogs, shopRole, shopExec));

        assertThat(d.ofKind(Kind.ADDED)).isEmpty();
        assertThat(d.ofKind(Kind.REMOVED)).isEmpty();
        assertThat(d.renames()).containsEntry(webLogs.urn(), shopLogs.urn()).containsEntry(webRole.urn(), shopRole.urn())
                .containsEntry(webExec.urn(), shopExec.urn()).containsEntry(web.urn(), shop.urn());
        assertThat(d.replacements()).hasSize(3); // the component is not a cloud resource
        assertThat(d.replacements()).allSatisfy(r -> assertThat(r.replaceReasons()).singleElement().asString()
                .startsWith("renamed `dev-web-").endsWith("will be REPLACED"));
        assertThat(d.summaryLine()).startsWith("dev: +0 ~4 -0, 3 replacements");
        assertThat(DiffReport.markdown(List.of(d), List.of())).contains("> [!CAUTION]")
                .contains("renamed `dev-web-logs` -> `dev-shop-logs`: will be REPLACED");
    }

    @Test
    void aResourceMovedToAnotherComponentWithAnAliasToItsOldUrnIsKeptNotReplaced() {
        var failover = component("berth:dr:Failover", "dev");
        var record = resource("aws:route53/record:Record", "dev-dns", failover).input("name", "shop.example.com");
        var dns = component("berth:dns:Dns", "dev-dns");
        var moved = resource("aws:route53/record:Record", "dev-dns-record", dns).input("name", "shop.example.com")
                .option("aliases", List.of("spec {\n  name: \"dev-dns\"\n  parentUrn: \"urn:pulumi:dev::berth::berth:dr:Failover::dev\"\n}\n"));
        // an unrelated record of the same type, added, with no alias: not taken for the moved one
        var other = resource("aws:route53/record:Record", "dev-dns-other", dns).input("name", "other.example.com");
        var d = diff(plan(failover, record), plan(dns, moved, other));

        assertThat(d.renames()).containsEntry(record.urn(), moved.urn());
        assertThat(d.replacements()).isEmpty();
        assertThat(d.ofKind(Kind.ADDED)).extracting(ResourceChange::name).containsExactlyInAnyOrder("dev-dns", "dev-dns-other");
        assertThat(d.ofKind(Kind.UPDATED)).singleElement().satisfies(c -> assertThat(c.notes())
                .containsExactly("renamed from `dev-dns` with an alias: Pulumi keeps the resource"));
    }

    @Test
    void anAliasToAUrnTheBasePlanDoesNotHoldPairsNothing() {
        var failover = component("berth:dr:Failover", "dev");
        var record = resource("aws:route53/record:Record", "dev-dns", failover).input("name", "shop.example.com");
        var dns = component("berth:dns:Dns", "dev-dns");
        var moved = resource("aws:route53/record:Record", "dev-dns-record", dns).input("name", "shop.example.com")
                .option("aliases", List.of("spec {\n  name: \"dev-dns\"\n  parentUrn: \"urn:pulumi:dev::berth::berth:dr:Replica::dev\"\n}\n"));
        var d = diff(plan(failover, record), plan(dns, moved));

        assertThat(d.renames()).doesNotContainKey(record.urn());
        assertThat(d.ofKind(Kind.REMOVED)).extracting(ResourceChange::name).contains("dev-dns");
    }

    @Test
    void unrelatedResourcesOfOneTypeAreNotTakenForARenameWhenThereIsAChoice() {
        var svc = service();
        var a = resource("aws:ec2/securityGroup:SecurityGroup", "dev-web-sg", svc).input("description", "web tasks").input("vpcId", "vpc-1");
        var b = resource("aws:ec2/securityGroup:SecurityGroup", "dev-web-db", svc).input("description", "database").input("vpcId", "vpc-1");
        var c = resource("aws:ec2/securityGroup:SecurityGroup", "dev-web-cache", svc).input("description", "x").input("vpcId", "vpc-2")
                .input("name", "cache");
        var e = resource("aws:ec2/securityGroup:SecurityGroup", "dev-web-queue", svc).input("description", "y").input("vpcId", "vpc-3")
                .input("name", "queue");
        var d = diff(plan(svc, a, b), plan(svc, c, e));
        assertThat(d.renames()).isEmpty();
        assertThat(d.added()).isEqualTo(2);
        assertThat(d.removed()).isEqualTo(2);
    }

    @Test
    void aReplacementReachesTheResourcesThatCarryItsId() {
        var svc = service();
        var task = taskDefinition(svc, CONTAINERS);
        var sg = resource("aws:ec2/securityGroup:SecurityGroup", "dev-web-sg", svc).id("sg-0123456789").input("description", "web");
        var rule = resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-web-from-alb", svc)
                .input("securityGroupId", "sg-0123456789").input("fromPort", 80).dependsOn(sg);
        var ecs = resource(ECS_SERVICE, "dev-web-service", svc).dependsOn(task).dependsOn(sg)
                .input("taskDefinition", "arn:aws:ecs:eu-west-1:1:task-definition/dev-web-task:1")
                .input("networkConfiguration", Map.of("securityGroups", List.of("sg-0123456789")));
        var other = resource(ECS_SERVICE, "dev-web-task-runner", svc).dependsOn(task)
                .input("note", "arn:aws:iam::1:role/dev-web-task-role"); // a longer name, not the task definition's id

        var d = diff(plan(svc, task, sg, rule, ecs, other), plan(svc, task, sg.copy().input("description", "web tasks"), rule, ecs, other));
        var byName = d.resources().stream().collect(java.util.stream.Collectors.toMap(ResourceChange::name, r -> r));
        assertThat(byName.get("dev-web-sg").kind()).isEqualTo(Kind.REPLACED);
        assertThat(byName.get("dev-web-from-alb").kind()).isEqualTo(Kind.REPLACED); // securityGroupId forces it
        assertThat(byName.get("dev-web-from-alb").replaceReasons()).containsExactly(
                "`securityGroupId` takes the new id of `dev-web-sg`, which is replaced");
        assertThat(byName.get("dev-web-service").kind()).isEqualTo(Kind.UPDATED);
        assertThat(byName.get("dev-web-service").notes()).singleElement().asString()
                .startsWith("`networkConfiguration.securityGroups[0]` takes the new id/ARN of `dev-web-sg`");
        assertThat(byName).doesNotContainKey("dev-web-task-runner");

        var image = diff(plan(svc, task, sg, rule, ecs, other),
                plan(svc, taskDefinition(svc, CONTAINERS.replace("web:1.0", "web:2.0")), sg, rule, ecs, other));
        assertThat(image.summaryLine()).startsWith("dev: +0 ~2 -0, 1 replacement");
        assertThat(image.resources()).extracting(ResourceChange::name).containsExactly("dev-web-task", "dev-web-service");
        assertThat(image.resources().get(1).notes()).singleElement().asString().startsWith("`taskDefinition` takes the new id/ARN");
    }

    @Test
    void protectedResourcesThatAreDeletedOrReplacedAreFlagged() {
        var repo = resource("aws:ecr/repository:Repository", "dev-repo-web", null).input("name", "dev/web")
                .option("protect", true).option("retainOnDelete", true);
        var removed = diff(plan(repo), plan());
        var change = only(removed);
        assertThat(change.kind()).isEqualTo(Kind.REMOVED);
        assertThat(change.protectedAndDeleted()).isTrue();
        assertThat(change.notes()).anySatisfy(n -> assertThat(n).startsWith("PROTECTED"))
                .anySatisfy(n -> assertThat(n).startsWith("retainOnDelete"));
        assertThat(removed.summaryLine()).endsWith(", 1 protected resource touched");

        var renamedRepo = only(diff(plan(repo), plan(repo.copy().input("name", "dev/web2"))));
        assertThat(renamedRepo.kind()).isEqualTo(Kind.REPLACED);
        assertThat(renamedRepo.protectedAndDeleted()).isTrue();

        var unprotected = only(diff(plan(repo), plan(repo.copy().option("protect", false))));
        assertThat(unprotected.kind()).isEqualTo(Kind.UPDATED);
        assertThat(unprotected.changes()).extracting(PropertyChange::label).containsExactly("options.protect");
    }

    @Test
    void guardrailViolationsOfARenamedResourceDoNotMove() {
        var before = List.of(
                new Violation("ecs-read-only-root-filesystem", "mandatory", "urn:x::dev-web-task", "container of dev-web-task is writable"),
                new Violation("required-tags", "mandatory", "urn:x::dev-vpc", "tag owner missing"));
        var after = List.of(
                new Violation("ecs-read-only-root-filesystem", "mandatory", "urn:x::dev-shop-task", "container of dev-shop-task is writable"),
                new Violation("ecs-no-public-ip", "mandatory", "urn:x::dev-shop-service", "assignPublicIp is true"));
        var delta = GuardrailDelta.between(before, after, Map.of("urn:x::dev-web-task", "urn:x::dev-shop-task"));
        assertThat(delta.introduced()).extracting(Violation::policy).containsExactly("ecs-no-public-ip");
        assertThat(delta.fixed()).extracting(Violation::policy).containsExactly("required-tags");
    }

    @Test
    void valuesAreShownWholeAndListsAndMapsElementByElement() {
        var svc = service();
        var longValue = "arn:aws:iam::111111111111:role/" + "x".repeat(200) + "-old";
        var before = resource("aws:iam/role:Role", "dev-web-role", svc).input("description", longValue)
                .input("services", List.of("batch-reports", "crystal", "frontend", "history", "nodejs"))
                .input("tags", Map.of("owner", "a", "team", "web"));
        var after = before.copy().input("description", longValue.replace("-old", "-new"))
                .input("services", List.of("batch-reports", "crystal", "frontend", "inventory", "nodejs"))
                .input("tags", Map.of("owner", "b", "cost", "x"));
        var text = DiffReport.text(List.of(diff(plan(svc, before), plan(svc, after))), List.of());
        assertThat(text).contains("~ description: \"" + longValue + "\" -> \"" + longValue.replace("-old", "-new") + "\"\n")
                .contains("       ~ services: 5 -> 5 elements\n           + \"inventory\"\n           - \"history\"\n")
                .contains("       + tags.cost: \"x\"\n").contains("       ~ tags.owner: \"a\" -> \"b\"\n")
                .contains("       - tags.team: \"web\"\n")
                .doesNotContain("…");
        var reordered = DiffReport.changeLines(PropertyChange.input("paths", TestPlans.json("[\"/a\",\"/b\"]"), TestPlans.json("[\"/b\",\"/a\"]")));
        assertThat(reordered).containsExactly("~ paths: same elements, new order: [\"/b\",\"/a\"]");
    }

    @Test
    void anIgnoredTaskDefinitionIsOwnedByThePipelineThatDeploysTheService() {
        var svc = service();
        var task = taskDefinition(svc, CONTAINERS).id("dev-web-task");
        var ecs = resource(ECS_SERVICE, "dev-web-service", svc).dependsOn(task)
                .input("cluster", "arn:aws:ecs:eu-west-1:1:cluster/dev-cluster")
                .input("taskDefinition", "arn:aws:ecs:eu-west-1:1:task-definition/dev-web-task:1")
                .option("ignoreChanges", List.of("taskDefinition"));
        var pipeline = resource("aws:codepipeline/pipeline:Pipeline", "dev-web-delivery-pipeline", null).input("name", "dev-web")
                .input("stages", TestPlans.json("""
                        [{"name":"Deploy","actions":[{"name":"Deploy","provider":"ECS",
                          "configuration":{"ClusterName":"dev-cluster","ServiceName":"dev-web-service"}}]}]"""));
        var d = diff(plan(svc, task, ecs, pipeline), plan(svc, taskDefinition(svc, CONTAINERS.replace("web:1.0", "web:2.0")).id("dev-web-task"),
                ecs, pipeline));
        var task2 = d.resources().stream().filter(r -> r.name().equals("dev-web-task")).findFirst().orElseThrow();
        assertThat(task2.replaceReasons()).singleElement().asString().endsWith("`pulumi up` does NOT deploy it to `dev-web-service`: "
                + "pipeline `dev-web` owns its releases, it ships with the next pipeline run");
        var held = d.resources().stream().filter(r -> r.name().equals("dev-web-service")).findFirst().orElseThrow();
        assertThat(held.kind()).isEqualTo(Kind.IGNORED);
        assertThat(held.ignored()).singleElement().satisfies(c -> {
            assertThat(c.owner()).isEqualTo(new Ownership.Owner("pipeline `dev-web` (stage Deploy)", "ships with the next pipeline run",
                    "`aws codepipeline start-pipeline-execution --name dev-web`"));
        });
        assertThat(d.summaryLine()).endsWith(", 1 change not applied by pulumi up");
    }

    @Test
    void reportsStartWithOneSummaryLinePerStack() {
        var svc = service();
        var task = taskDefinition(svc, CONTAINERS);
        var d = diff(plan(svc, task), plan(svc, taskDefinition(svc, CONTAINERS.replace("web:1.0", "web:2.0"))))
                .withGuardrails(GuardrailDelta.between(List.of(), List.of(new Violation("p", "mandatory", task.urn(), "bad")), Map.of()));
        var text = DiffReport.text(List.of(d, d), List.of());
        assertThat(text.lines().limit(2)).containsExactly(
                "dev: +0 ~1 -0, 1 replacement, 1 new mandatory violation, 0 new advisory violations",
                "dev: +0 ~1 -0, 1 replacement, 1 new mandatory violation, 0 new advisory violations");
        assertThat(text).contains("+- dev-web-task (aws:ecs/taskDefinition:TaskDefinition)")
                .contains("containerDefinitions[web].image: \"123.dkr.ecr.eu-west-1.amazonaws.com/dev/web:1.0\" -> \"123.dkr.ecr.eu-west-1.amazonaws.com/dev/web:2.0\"")
                .contains("new   MANDATORY p: dev-web-task: bad");
        var markdown = DiffReport.markdown(List.of(d), List.of("prod: planning the working tree failed: boom"));
        assertThat(markdown).contains("- ⚠️ `dev: +0 ~1 -0, 1 replacement, 1 new mandatory violation, 0 new advisory violations`")
                .contains("- ❌ `prod: planning the working tree failed: boom`")
                .contains("> [!CAUTION]").contains("> [!WARNING]")
                .contains("`~ containerDefinitions[web].image: \"123.dkr.ecr.eu-west-1.amazonaws.com/dev/web:1.0\" -> ");
        assertThat(markdown.indexOf("dev: +0")).isLessThan(markdown.indexOf("##### dev"));
    }
}
