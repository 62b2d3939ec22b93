package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.StoreFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test the fixture cannot run is skipped with the reason, before it starts (as a disabled test, whose reason
 * Surefire writes into {@code <skipped message=...>}), not aborted by a failed assumption, whose message the report
 * leaves out. The nested classes are not run on their own (Surefire skips inner classes).
 */
class SkipReasonsTest {

    static class ShortTermOnlyIsolation extends IsolationTck {
        @Override
        protected StoreFixture fixture() {
            return AcmeTckTest.FIXTURE;
        }
    }

    static class InProcessCleanup extends CleanupContractTck {
        @Override
        protected StoreFixture fixture() {
            return AcmeTckTest.FIXTURE;
        }
    }

    @Test
    void testsTheFixtureCannotRunAreSkippedWithTheMissingCapabilityAsReason() {
        List<String> reasons = new ArrayList<>();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ShortTermOnlyIsolation.class), selectClass(InProcessCleanup.class)).build(),
                summary, new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        reasons.add(test.getDisplayName() + ": " + reason);
                    }
                });
        TestExecutionSummary result = summary.getSummary();

        assertEquals(0, result.getTestsFailedCount(), () -> "failures: " + result.getFailures());
        assertEquals(0, result.getTestsAbortedCount(), "a missing capability aborts no test: it skips it with a reason");
        // Isolation: 3 long-term tests; cleanup: 5 network tests per kind and every long-term invocation.
        assertTrue(result.getTestsSkippedCount() >= 3 + 5, () -> "skipped: " + reasons);
        assertTrue(reasons.stream().allMatch(r -> r.matches(
                        ".*: the provider does not declare capability (LONG_TERM|NETWORK|POOL) .*")),
                () -> "every skip names the missing capability: " + reasons);
    }
}
