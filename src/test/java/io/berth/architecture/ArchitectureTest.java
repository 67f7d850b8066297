package io.berth.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.net.URISyntaxException;
import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of berth (docs: shared architecture guide, README "Layout"), lowest first:
 * model &lt; load &lt; support &lt; components &lt; program &lt; tools. Each layer depends only on layers
 * below it, except that support and the components never depend on load; no package cycles.
 * Checks the compiled main classes (RecordBuilder's generated {@code *Builder}s in model included).
 */
@AnalyzeClasses(locations = ArchitectureTest.MainClasses.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Only the compiled main classes (target/classes): scanning the SDK jars for io.berth would take seconds. */
    static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            try {
                return Set.of(Location.of(io.berth.App.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One slice per package; {@code slices().matching("io.berth.(**)")} would leave out the root package. */
    static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            var pkg = javaClass.getPackageName();
            return pkg.equals("io.berth") || pkg.startsWith("io.berth.") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "io.berth packages";
        }
    };

    static final String[] COMPONENTS = {
            "io.berth.network..", "io.berth.cluster..", "io.berth.ingress..", "io.berth.registry..",
            "io.berth.service..", "io.berth.delivery..", "io.berth.dr..", "io.berth.dns..", "io.berth.storage..", "io.berth.monitoring.."};

    /** Every package of io.berth (the root package io.berth included) is one slice; no slice cycle. */
    @ArchTest
    static final ArchRule noPackageCycles = slices()
            .assignedFrom(EACH_PACKAGE)
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("model").definedBy("io.berth.model..")
            .layer("load").definedBy("io.berth.load..")
            .layer("support").definedBy("io.berth.support..")
            .layer("components").definedBy(COMPONENTS)
            .layer("program").definedBy("io.berth")
            .layer("tools").definedBy("io.berth.plan..", "io.berth.diff..", "io.berth.cli..", "io.berth.cost..", "io.berth.graph..")
            .whereLayer("model").mayNotAccessAnyLayer()
            .whereLayer("load").mayOnlyAccessLayers("model")
            .whereLayer("support").mayOnlyAccessLayers("model")
            .whereLayer("components").mayOnlyAccessLayers("model", "support")
            .whereLayer("program").mayOnlyAccessLayers("model", "load", "support", "components")
            .because("each layer depends only on layers below it; components and support never import load, "
                    + "so each component can be planned alone from model records");

    /** Also stated on its own, so that its failure names the rule the issue asks for. */
    @ArchTest
    static final ArchRule componentsNeverImportLoadProgramOrTools = noClasses()
            .that().resideInAnyPackage(COMPONENTS)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.berth.load..", "io.berth", "io.berth.plan..", "io.berth.diff..", "io.berth.cli..")
            .because("components take model records and other components' outputs, never the loader, "
                    + "the composition root or the tools");

    @ArchTest
    static final ArchRule programNeverImportsTools = noClasses()
            .that().resideInAPackage("io.berth")
            .should().dependOnClassesThat().resideInAnyPackage("io.berth.plan..", "io.berth.diff..", "io.berth.cli..")
            .because("`pulumi up` runs the program; the offline plan, diff and CLI are tools built on top of it");

    @ArchTest
    static final ArchRule modelHasNoPulumiNoYaml = noClasses()
            .that().resideInAPackage("io.berth.model..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.pulumi..", "org.yaml..", "com.fasterxml..")
            .because("the model is plain validated settings: no Pulumi, no YAML");

    /**
     * Load reads files and validates; it registers nothing. One known exception: {@code ConfigException}
     * extends the SDK's {@code RunException} so that the Pulumi runtime prints its message without a
     * stack trace; that single dependency is allowed, any other one on com.pulumi fails.
     */
    @ArchTest
    static final ArchRule loadHasNoPulumi = noClasses()
            .that().resideInAPackage("io.berth.load..")
            .should().dependOnClassesThat(resideInAPackage("com.pulumi..")
                    .and(equivalentTo(com.pulumi.exceptions.RunException.class).negate()))
            .because("load turns files into model records; only ConfigException may extend the SDK's RunException");
}
