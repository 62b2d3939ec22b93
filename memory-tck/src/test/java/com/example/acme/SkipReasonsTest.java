package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

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
 * leaves out. Runs the whole TCK, through its entry point, against the guide's short-term-only, in-process provider.
 */
class SkipReasonsTest {

    @Test
    void testsTheFixtureCannotRunAreSkippedWithTheMissingCapabilityAsReason() {
        List<String> reasons = new ArrayList<>();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(AcmeTckTest.class)).build(),
                summary, new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        reasons.add(test.getDisplayName() + ": " + reason);
                    }
                });
        TestExecutionSummary result = summary.getSummary();

        assertEquals(0, result.getTestsFailedCount(), () -> "failures: " + result.getFailures());
        assertEquals(0, result.getTestsAbortedCount(), "a missing capability aborts no test: it skips it with a reason");
        // At least: the long-term suite, the isolation suite's 3 long-term tests, the connection, first-use and retry
        // suites (network), the network tests of cleanup.
        assertTrue(result.getTestsSkippedCount() >= 20 + 3 + 3 + 5, () -> "skipped: " + reasons);
        assertTrue(result.getTestsSucceededCount() > 0, "the tests the fixture can run ran");
        assertTrue(reasons.stream().allMatch(r -> r.matches(
                        ".*: the provider does not declare capability (LONG_TERM|NETWORK|POOL) .*")),
                () -> "every skip names the missing capability: " + reasons);
    }
}
