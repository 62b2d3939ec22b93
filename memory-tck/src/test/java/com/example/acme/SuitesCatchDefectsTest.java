package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.example.acme.BrokenAcmeProvider.Defect;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.ConnectionContractTck;
import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.ShortTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The suites can fail: each test named here is run (through the JUnit launcher) against a provider with exactly the
 * defect it guards against, and must fail. The nested classes are not run on their own (Surefire skips inner
 * classes).
 */
class SuitesCatchDefectsTest {

    private static StoreFixture broken(Defect defect) {
        return new StoreFixture() {
            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.SHORT_TERM);
            }

            @Override
            public String uri(String host, int port) {
                return "acme-broken:";
            }

            @Override
            public MemoryOptions options() {
                return MemoryOptions.of("acme.defect", defect.name());
            }
        };
    }

    static class DuplicateAppend extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.DUPLICATE_APPEND);
        }
    }

    static class NoTrim extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.NO_TRIM);
        }
    }

    static class SharedSessions extends IsolationTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.SHARED_SESSIONS);
        }
    }

    static class LeakedThread extends CleanupContractTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.LEAKED_THREAD);
        }
    }

    static class StaleExpiry extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.STALE_EXPIRY);
        }
    }

    static class DuplicateKeepsTtl extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.DUPLICATE_KEEPS_TTL);
        }
    }

    static class ClockSequence extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.CLOCK_SEQUENCE);
        }
    }

    static class ClearResetsSequences extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.CLEAR_RESETS_SEQUENCES);
        }
    }

    static class CreatedAtBackwards extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.CREATED_AT_BACKWARDS);
        }
    }

    static class RoundedImportance extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.ROUNDED_IMPORTANCE);
        }
    }

    /** The server of {@link TimeoutAsConnection}: set by its test while it runs. */
    private static volatile InetSocketAddress echoServer = new InetSocketAddress("127.0.0.1", 1);

    static class TimeoutAsConnection extends ConnectionContractTck {
        @Override
        protected StoreFixture fixture() {
            InetSocketAddress server = echoServer;
            return new StoreFixture() {
                @Override
                public Set<Capability> capabilities() {
                    return Set.of(Capability.SHORT_TERM, Capability.NETWORK);
                }

                @Override
                public String uri(String host, int port) {
                    return "acme-net://" + host + ":" + port;
                }

                @Override
                public Optional<InetSocketAddress> server() {
                    return Optional.of(server);
                }
            };
        }
    }

    private static TestExecutionSummary run(Class<?> suite, String method, String parameterTypes) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(parameterTypes.isEmpty() ? selectMethod(suite, method) : selectMethod(suite, method, parameterTypes))
                .build(), listener);
        return listener.getSummary();
    }

    private static void assertCaught(Class<?> suite, String method) {
        assertCaught(suite, method, "");
    }

    private static void assertCaught(Class<?> suite, String method, String parameterTypes) {
        TestExecutionSummary summary = run(suite, method, parameterTypes);
        assertTrue(summary.getTestsStartedCount() > 0, () -> method + " did not run against " + suite.getSimpleName());
        assertEquals(summary.getTestsStartedCount() - summary.getTestsAbortedCount(), summary.getTestsFailedCount(),
                () -> method + " passed against a provider with the defect " + suite.getSimpleName());
    }

    @Test
    void aRetriedAppendStoredTwiceIsCaught() {
        assertCaught(DuplicateAppend.class, "appendingTheSameEntryTwiceStoresItOnce");
    }

    @Test
    void aSessionThatIsNeverTrimmedIsCaught() {
        assertCaught(NoTrim.class, "appendTrimsTheSessionToItsMaximumEntries");
    }

    @Test
    void sessionsSharedAcrossTenantsAreCaught() {
        for (String method : List.of("shortTermReadsDoNotCrossTenantOrAgent", "shortTermWritesDoNotCrossTenantOrAgent")) {
            assertCaught(SharedSessions.class, method);
        }
    }

    @Test
    void aThreadLeftRunningAfterCloseIsCaught() {
        assertCaught(LeakedThread.class, "closeEndsEveryThreadTheStoreStarted", "dev.agentmemory.tck.StoreKind");
    }

    @Test
    void anExpiryThatRecentAndGetDoNotUpdateIsCaught() {
        assertCaught(StaleExpiry.class, "recentAndGetCarryTheSessionsCurrentExpiry");
    }

    @Test
    void aRetriedAppendThatDoesNotSlideTheTtlIsCaught() {
        assertCaught(DuplicateKeepsTtl.class, "aRetriedAppendSlidesTheTtlLikeAnyAppend");
    }

    @Test
    void sequencesFromTheClientClockAreCaught() {
        assertCaught(ClockSequence.class, "appendsWithinOneMillisecondGetStrictlyIncreasingSequences");
    }

    @Test
    void sequencesThatStartOverAfterClearAreCaught() {
        assertCaught(ClearResetsSequences.class, "clearDoesNotMakeSequencesStartOver");
    }

    @Test
    void createdAtRunningBackwardsIsCaught() {
        assertCaught(CreatedAtBackwards.class, "createdAtNeverRunsBackwardsInSequenceOrder");
    }

    @Test
    void roundedImportanceIsCaught() {
        assertCaught(RoundedImportance.class, "importanceReadsBackExactly");
    }

    @Test
    void aResponseTimeoutReportedAsAConnectionFailureIsCaught() throws Exception {
        try (TimeoutAsConnectionProvider.EchoServer server = new TimeoutAsConnectionProvider.EchoServer()) {
            echoServer = server.address();
            assertCaught(TimeoutAsConnection.class, "aServerThatNeverAnswersFailsTheCallInsteadOfHanging",
                    "dev.agentmemory.tck.StoreKind");
        }
    }
}
