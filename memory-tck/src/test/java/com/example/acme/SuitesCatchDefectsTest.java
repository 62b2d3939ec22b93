package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.example.acme.BrokenAcmeProvider.Defect;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.BadInputTck;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** The defect of {@link BrokenShortTerm}: each test sets it before running the suite (tests here run one by one). */
    private static volatile Defect shortTermDefect = Defect.DUPLICATE_APPEND;

    static class BrokenShortTerm extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return broken(shortTermDefect);
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

    static class MangledSupplementary extends BadInputTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.MANGLED_SUPPLEMENTARY);
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
                () -> method + " passed against a provider with the defect " + suite.getSimpleName()
                        + (suite == BrokenShortTerm.class ? " " + shortTermDefect : ""));
    }

    /** Each short-term defect, and the suite's test that guards against it. */
    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource({
        "DUPLICATE_APPEND, appendingTheSameEntryTwiceStoresItOnce",
        "NO_TRIM, appendTrimsTheSessionToItsMaximumEntries",
        "STALE_EXPIRY, recentAndGetCarryTheSessionsCurrentExpiry",
        "DUPLICATE_KEEPS_TTL, aRetriedAppendSlidesTheTtlLikeAnyAppend",
        "CLOCK_SEQUENCE, appendsWithinOneMillisecondGetStrictlyIncreasingSequences",
        "CLEAR_RESETS_SEQUENCES, clearDoesNotMakeSequencesStartOver",
        "CREATED_AT_BACKWARDS, createdAtNeverRunsBackwardsInSequenceOrder",
        "ROUNDED_IMPORTANCE, importanceReadsBackExactly",
        "APPEND_ALL_DUPLICATES, aRepeatedAppendAllStoresNothingTwiceAndReturnsTheStoredEntries",
    })
    void aShortTermDefectIsCaughtByItsTest(Defect defect, String method) {
        shortTermDefect = defect;
        assertCaught(BrokenShortTerm.class, method);
    }

    @Test
    void sessionsSharedAcrossTenantsAreCaught() {
        for (String method : List.of("shortTermReadsDoNotCrossTenantOrAgent", "shortTermWritesDoNotCrossTenantOrAgent")) {
            assertCaught(SharedSessions.class, method);
        }
    }

    @Test
    void charactersOutsideTheBmpMangledByTheBackendAreCaught() {
        assertCaught(MangledSupplementary.class, "shortTermSupplementaryCharactersAreKeptExactly");
    }

    @Test
    void aThreadLeftRunningAfterCloseIsCaught() {
        assertCaught(LeakedThread.class, "closeEndsEveryThreadTheStoreStarted", "dev.agentmemory.tck.StoreKind");
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
