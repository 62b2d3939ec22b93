package dev.agentmemory.tck;

import dev.agentmemory.tck.StoreFixture.Capability;
import java.lang.reflect.AnnotatedElement;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test whose fixture lacks a capability it needs, as a disabled test with the reason: a report then says why
 * (Surefire writes it into the {@code message} of {@code <skipped>}), where a failed assumption leaves the message
 * empty. The needs are {@link RequiresCapability} on the suite and on the test, the {@link StoreKind} of an
 * invocation of a test that runs once per kind (the suites name each invocation after its kind), and the suite's
 * {@link TckBase#missingPrerequisite()}.
 */
final class CapabilityCondition implements ExecutionCondition {

    /** Called by JUnit. */
    CapabilityCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        // The fixture is known only once there is a test instance: a single test or one invocation of a template.
        if (context.getTestMethod().isEmpty() || !(context.getTestInstance().orElse(null) instanceof TckBase suite)) {
            return ConditionEvaluationResult.enabled("decided per test");
        }
        Set<Capability> needed = EnumSet.noneOf(Capability.class);
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
            add(needed, c);
        }
        add(needed, context.getRequiredTestMethod());
        for (StoreKind kind : StoreKind.values()) {
            String name = context.getDisplayName();
            if (name.equals(kind.name()) || name.endsWith(" " + kind.name())) {
                needed.add(kind == StoreKind.SHORT_TERM ? Capability.SHORT_TERM : Capability.LONG_TERM);
            }
        }
        Set<Capability> has = suite.tckFixture().capabilities();
        for (Capability capability : needed) {
            if (!has.contains(capability)) {
                return ConditionEvaluationResult.disabled("the provider does not declare capability " + capability
                        + " (StoreFixture.capabilities() returns " + has + ")");
            }
        }
        String missing = suite.missingPrerequisite();
        if (missing != null) {
            return ConditionEvaluationResult.disabled(missing);
        }
        return ConditionEvaluationResult.enabled("the provider declares " + needed);
    }

    private static void add(Set<Capability> needed, AnnotatedElement element) {
        RequiresCapability requires = element.getAnnotation(RequiresCapability.class);
        if (requires != null) {
            needed.addAll(Set.of(requires.value()));
        }
    }
}
