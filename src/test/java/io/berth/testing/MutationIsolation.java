package io.berth.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes PIT's view of the tests true to them, and a mutant's tests as cheap as the class's shared plan
 * (mutation profiles only: pom.xml enables JUnit's extension auto-detection, {@code META-INF/services},
 * in PIT's JVMs; the normal suite never loads this class).
 * <ul>
 *   <li>PIT measures which tests reach which code test by test, and runs only those tests against a
 *       mutant; what a class's {@code @BeforeAll} plans would count for its first test only. While PIT
 *       measures (its coverage JVM), every other test of the class runs the class's {@code @BeforeAll}
 *       methods (and finds the plan caches empty) again, so each test is credited with the planning it
 *       asserts on.</li>
 *   <li>PIT runs a mutant's tests one by one, so a class's {@code @BeforeAll} would plan again for each.
 *       While PIT runs mutants, a class's {@code @BeforeAll} runs once per mutant: for the class's next
 *       tests against the same mutant its static fields are set back to what that run left.</li>
 *   <li>PIT runs many mutants in one JVM: the per-JVM plan caches ({@link #PLAN_CACHES})
 *       are emptied whenever the mutant changes, so no test sees a plan made with
 *       another mutant.</li>
 * </ul>
 * The mutant is told apart by the object PIT hands its own javassist support for each one
 * ({@code org.pitest.mutationtest.mocksupport.JavassistInterceptor}, pitest 1.30.2); without it every
 * {@code @BeforeAll} runs and the caches are emptied before every class.
 */
public final class MutationIsolation implements BeforeAllCallback, BeforeEachCallback, InvocationInterceptor {
    private static final boolean MEASURING = System.getProperty("sun.java.command", "")
            .contains("org.pitest.coverage.execute.CoverageMinion");
    private static final Field MUTANT = mutantField();
    private static final Set<Class<?>> STARTED = ConcurrentHashMap.newKeySet();
    private static final Object NONE = new Object();
    private static final Object LOCK = new Object();
    private static Object lastMutant = NONE;
    /** Static fields of a test class after its {@code @BeforeAll} method ran against {@link #lastMutant}. */
    private static final Map<String, Map<Field, Object>> SET_UP = new HashMap<>();

    private static Field mutantField() {
        try {
            var field = Class.forName("org.pitest.mutationtest.mocksupport.JavassistInterceptor").getDeclaredField("mutant");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The mutant PIT runs the tests against, or null (measuring, or not known). */
    private static Object mutant() {
        try {
            return MUTANT == null ? null : MUTANT.get(null);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** The test classes that keep plans for the whole JVM: each has a static {@code reset()}. */
    static final List<String> PLAN_CACHES = List.of("io.berth.testing.ShippedStacks", "io.berth.testing.SmallStacks",
            "io.berth.service.ServicePlans");

    private static void resetPlanCaches() {
        for (var name : PLAN_CACHES) {
            try {
                var reset = Class.forName(name).getDeclaredMethod("reset");
                reset.setAccessible(true);
                reset.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot empty the plan cache " + name, e);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            var mutant = mutant();
            if (mutant == null || mutant != lastMutant) {
                resetPlanCaches();
                SET_UP.clear();
                lastMutant = mutant == null ? NONE : mutant;
            }
        }
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext extensionContext) throws Throwable {
        var method = extensionContext.getRequiredTestClass().getName() + "#" + invocationContext.getExecutable().getName();
        Map<Field, Object> saved;
        synchronized (LOCK) {
            saved = mutant() == null ? null : SET_UP.get(method);
        }
        if (saved != null) {
            invocation.skip();
            for (var entry : saved.entrySet()) {
                entry.getKey().set(null, entry.getValue());
            }
            return;
        }
        invocation.proceed();
        if (mutant() != null) {
            var fields = new LinkedHashMap<Field, Object>();
            for (Class<?> c = extensionContext.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (var field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())) {
                        field.setAccessible(true);
                        fields.put(field, field.get(null));
                    }
                }
            }
            synchronized (LOCK) {
                SET_UP.put(method, fields);
            }
        }
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
        resetPlanCaches();
        for (Method method : AnnotationSupport.findAnnotatedMethods(testClass, BeforeAll.class, HierarchyTraversalMode.TOP_DOWN)) {
            method.setAccessible(true);
            method.invoke(Modifier.isStatic(method.getModifiers()) ? null : context.getRequiredTestInstance());
        }
    }
}
