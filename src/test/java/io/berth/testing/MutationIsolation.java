package io.berth.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes PIT's view of the tests true to them (mutation profiles only: pom.xml enables JUnit's extension
 * auto-detection, {@code META-INF/services}, in PIT's JVMs; the normal suite never loads this class).
 * <ul>
 *   <li>PIT runs many mutants in one JVM: the per-JVM plan caches ({@link ShippedStacks}, {@link SmallStacks})
 *       are emptied before every test class, so no test sees a plan made with another mutant.</li>
 *   <li>PIT measures which tests reach which code test by test, and runs only those tests against a mutant;
 *       what a class's {@code @BeforeAll} plans would count for its first test only. While PIT measures
 *       (its coverage JVM), every other test of the class runs the class's {@code @BeforeAll} methods (and
 *       finds the caches empty) again, so each test is credited with the planning it asserts on.</li>
 * </ul>
 */
public final class MutationIsolation implements BeforeAllCallback, BeforeEachCallback {
    private static final boolean MEASURING = measuring();
    private static final Set<Class<?>> STARTED = ConcurrentHashMap.newKeySet();

    private static boolean measuring() {
        return System.getProperty("sun.java.command", "").contains("org.pitest.coverage.execute.CoverageMinion");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ShippedStacks.reset();
        SmallStacks.reset();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!MEASURING) {
            return;
        }
        var testClass = context.getRequiredTestClass();
        if (STARTED.add(testClass)) {
            return; // the class's @BeforeAll has just run for this test
        }
        ShippedStacks.reset();
        SmallStacks.reset();
        for (Method method : AnnotationSupport.findAnnotatedMethods(testClass, BeforeAll.class, HierarchyTraversalMode.TOP_DOWN)) {
            method.setAccessible(true);
            method.invoke(Modifier.isStatic(method.getModifiers()) ? null : context.getRequiredTestInstance());
        }
    }
}
