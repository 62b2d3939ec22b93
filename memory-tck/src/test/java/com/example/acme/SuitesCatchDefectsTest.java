package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import com.example.acme.BrokenAcmeProvider.Defect;
import com.example.acme.BrokenFilterProvider.FilterDefect;
import com.example.acme.BrokenKeywordProvider.KeywordDefect;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;
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
import org.opentest4j.TestAbortedException;

/**
 * The suites can fail: each test named here is run (through the JUnit launcher, selected inside the TCK's entry
 * point {@link ProviderTck} as a provider's one test class inherits it) against a provider with exactly the defect it
 * guards against, and must fail. A test that aborts does not count: it checked nothing. The nested providers are not
 * run on their own (Surefire skips static nested classes).
 */
class SuitesCatchDefectsTest {

    private static StoreFixture broken(Defect defect) {
        return new BrokenFixture(Capability.SHORT_TERM, "acme-broken:", "acme.defect", defect);
    }

    /** The fixture of a broken provider ({@link BrokenAcmeProvider}, {@link BrokenFilterProvider}) with one defect. */
    private static class BrokenFixture implements StoreFixture {
        private final Capability capability;
        private final String uri;
        private final String option;
        private final Enum<?> defect;

        BrokenFixture(Capability capability, String uri, String option, Enum<?> defect) {
            this.capability = capability;
            this.uri = uri;
            this.option = option;
            this.defect = defect;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(capability);
        }

        @Override
        public String uri(String host, int port) {
            return uri;
        }

        @Override
        public MemoryOptions options() {
            return MemoryOptions.of(option, defect.name());
        }
    }

    /** The defect of {@link BrokenShortTerm}: each test sets it before running the suite (tests here run one by one). */
    private static volatile Defect shortTermDefect = Defect.DUPLICATE_APPEND;

    /** The providers under test, each through the TCK's one entry point, as a provider author writes it. */
    static class BrokenShortTerm extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return broken(shortTermDefect);
        }
    }

    static class SharedSessions extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.SHARED_SESSIONS);
        }
    }

    static class LeakedThread extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.LEAKED_THREAD);
        }
    }

    static class MangledSupplementary extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return broken(Defect.MANGLED_SUPPLEMENTARY);
        }
    }

    /**
     * A provider that cannot even be set up: every test that opens a store aborts (as a failed assumption would).
     * Nothing of it was checked, so no suite may count it as caught.
     */
    static class EveryTestAborts extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return new BrokenFixture(Capability.SHORT_TERM, "acme-broken:", "acme.defect", Defect.DUPLICATE_APPEND) {
                @Override
                public String uri(String host, int port) {
                    throw new TestAbortedException("no store here");
                }
            };
        }
    }

    /** The defect of {@link BrokenFilters}: each test sets it before running the suite. */
    private static volatile FilterDefect filterDefect = FilterDefect.NONE;

    /** The long-term store of {@link BrokenFilterProvider}, with {@link #filterDefect}. */
    static class BrokenFilters extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return new BrokenFixture(Capability.LONG_TERM, "acme-filter:", "acme.filter-defect", filterDefect);
        }
    }

    /** The defect of {@link BrokenKeywords}: each test sets it before running the suite. */
    private static volatile KeywordDefect keywordDefect = KeywordDefect.NONE;

    /** The long-term store of {@link BrokenKeywordProvider}, with {@link #keywordDefect}. */
    static class BrokenKeywords extends ProviderTck {
        @Override
        protected StoreFixture fixture() {
            return new BrokenFixture(Capability.LONG_TERM, "acme-keyword:", "acme.keyword-defect", keywordDefect);
        }
    }

    /** The server of {@link TimeoutAsConnection}: set by its test while it runs. */
    private static volatile InetSocketAddress echoServer = new InetSocketAddress("127.0.0.1", 1);

    static class TimeoutAsConnection extends ProviderTck {
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

    /** The suites as {@link ProviderTck} declares them (its nested classes are the TCK's, not public). */
    private static final String SHORT_TERM = "ShortTermMemory";
    private static final String ISOLATION = "Isolation";
    private static final String BAD_INPUT = "BadInput";
    private static final String CLEANUP = "CleanupContract";
    private static final String CONNECTION = "ConnectionContract";
    private static final String FILTER = "Filter";
    private static final String KEYWORD = "KeywordSearch";

    /** Runs one test of one suite of {@code provider}, as the entry point runs it. */
    private static TestExecutionSummary run(Class<? extends ProviderTck> provider, String suite, String method,
                                            String parameterTypes) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        List<String> enclosing = List.of(provider.getName());
        String nested = ProviderTck.class.getName() + "$" + suite;
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(parameterTypes.isEmpty() ? selectNestedMethod(enclosing, nested, method)
                        : selectNestedMethod(enclosing, nested, method, parameterTypes))
                .build(), listener);
        return listener.getSummary();
    }

    /**
     * Whether a run caught its provider's defect: at least one test failed and none passed. A test that aborted (a
     * failed assumption) checked nothing, so a run in which every test aborted caught nothing.
     */
    static boolean caught(TestExecutionSummary summary) {
        long passed = summary.getTestsSucceededCount();
        return summary.getTestsFailedCount() > 0 && passed == 0;
    }

    private static void assertCaught(Class<? extends ProviderTck> provider, String suite, String method) {
        assertCaught(provider, suite, method, "");
    }

    private static void assertCaught(Class<? extends ProviderTck> provider, String suite, String method,
                                     String parameterTypes) {
        TestExecutionSummary summary = run(provider, suite, method, parameterTypes);
        assertTrue(summary.getTestsStartedCount() > 0,
                () -> suite + "." + method + " did not run against " + provider.getSimpleName());
        assertTrue(caught(summary), () -> suite + "." + method + " did not fail against a provider with the defect "
                + provider.getSimpleName() + (provider == BrokenShortTerm.class ? " " + shortTermDefect : "")
                + ": started " + summary.getTestsStartedCount() + ", succeeded " + summary.getTestsSucceededCount()
                + ", aborted " + summary.getTestsAbortedCount() + ", failed " + summary.getTestsFailedCount());
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
        assertCaught(BrokenShortTerm.class, SHORT_TERM, method);
    }

    /** Each defect of a store's filters, and the filter suite's test that guards against it. */
    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource(delimiter = '|', value = {
        "NOT_FALSE_FOR_A_MISSING_KEY | everyOperatorSelectsExactlyTheExpectedMemories | java.lang.String, java.util.List",
        "NOT_FALSE_FOR_A_MISSING_KEY | nestedAndOrNotFollowTheTreeAsWritten |",
        "NOT_FALSE_FOR_A_MISSING_KEY | randomFiltersAgreeWithTheReference |",
        "NUMBERS_AS_TEXT | numbersCompareByExactValueAcrossTypesAndAtTheirLimits |",
        "NUMBERS_AS_TEXT | randomFiltersAgreeWithTheReference |",
        "NUMBERS_AS_DOUBLES | numbersCompareByExactValueAcrossTypesAndAtTheirLimits |",
        "STRINGS_BY_UTF16_UNIT | stringsCompareByCodePoint |",
        "FILTER_AFTER_RANKING | aFilteredSearchReturnsTheBestKAmongTheMatchingMemories |",
        "DELETE_ACROSS_SCOPES | aFilterNeverReachesAnotherTenantOrAgent |",
        "TYPES_LOST | everyMetadataTypeReadsBackAsTheSameTypeAndValue |",
    })
    void aFilterDefectIsCaughtByItsTest(FilterDefect defect, String method, String parameterTypes) {
        filterDefect = defect;
        // The random part with a fixed seed, so that whether it catches the defect does not depend on the run.
        System.setProperty(RANDOM_SEED, "20261130");
        try {
            assertCaught(BrokenFilters.class, FILTER, method, parameterTypes == null ? "" : parameterTypes);
        } finally {
            System.clearProperty(RANDOM_SEED);
        }
    }

    private static final String RANDOM_SEED = "agentmemory.tck.filter-seed";

    /** Without a defect the same store passes the whole filter suite: what the suite catches is the defect. */
    @Test
    void theFilterSuitePassesAgainstTheStoreWithoutADefect() throws ClassNotFoundException {
        filterDefect = FilterDefect.NONE;
        TestExecutionSummary summary = runSuite(BrokenFilters.class, FILTER);
        assertTrue(summary.getTestsSucceededCount() >= 10, () -> "ran " + summary.getTestsStartedCount());
        assertEquals(0, summary.getTestsFailedCount() + summary.getTestsAbortedCount(), () -> failures(summary));
    }

    /** Each defect of a store's keyword or hybrid search, and the keyword suite's test that guards against it. */
    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource({
        "KEYWORD_AS_VECTOR, keywordFindsExactWordMatchesTheVectorMisses",
        "STOP_WORDS_KEPT, keywordQueriesFollowWebSearchSyntax",
        "SCORE_IS_A_COUNT, keywordScoresAreTsRankAndIgnoreMinSimilarity",
        "HYBRID_AS_VECTOR, hybridRanksAMemoryGoodInBothFirst",
        "FILTER_AFTER_RANKING, filtersApplyBeforeRankingInEveryKind",
        "ACROSS_SCOPES, keywordAndHybridSearchStayInTheirScope",
    })
    void aKeywordDefectIsCaughtByItsTest(KeywordDefect defect, String method) {
        keywordDefect = defect;
        assertCaught(BrokenKeywords.class, KEYWORD, method);
    }

    /**
     * Without a defect the same store passes the whole keyword suite: what the suite catches is the defect. (Its last
     * rule, a keyword or hybrid query without text rejected before I/O, is kept by MemoryQuery itself: no provider
     * can break it, so it has no broken provider.)
     */
    @Test
    void theKeywordSuitePassesAgainstTheStoreWithoutADefect() throws ClassNotFoundException {
        keywordDefect = KeywordDefect.NONE;
        TestExecutionSummary summary = runSuite(BrokenKeywords.class, KEYWORD);
        assertEquals(7, summary.getTestsSucceededCount(), () -> "ran " + summary.getTestsStartedCount() + "\n"
                + failures(summary));
        assertEquals(0, summary.getTestsFailedCount() + summary.getTestsAbortedCount(), () -> failures(summary));
    }

    /** Runs every test of one suite of {@code provider}, as the entry point runs it. */
    private static TestExecutionSummary runSuite(Class<? extends ProviderTck> provider, String suite)
            throws ClassNotFoundException {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectNestedClass(
                List.of(provider), Class.forName(ProviderTck.class.getName() + "$" + suite))).build(), listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder b = new StringBuilder();
        summary.getFailures().forEach(f -> b.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return b.toString();
    }

    @Test
    void sessionsSharedAcrossTenantsAreCaught() {
        for (String method : List.of("shortTermReadsDoNotCrossTenantOrAgent", "shortTermWritesDoNotCrossTenantOrAgent")) {
            assertCaught(SharedSessions.class, ISOLATION, method);
        }
    }

    @Test
    void charactersOutsideTheBmpMangledByTheBackendAreCaught() {
        assertCaught(MangledSupplementary.class, BAD_INPUT, "shortTermSupplementaryCharactersAreKeptExactly");
    }

    @Test
    void aThreadLeftRunningAfterCloseIsCaught() {
        assertCaught(LeakedThread.class, CLEANUP, "closeEndsEveryThreadTheStoreStarted", "dev.agentmemory.tck.StoreKind");
    }

    @Test
    void aResponseTimeoutReportedAsAConnectionFailureIsCaught() throws Exception {
        try (TimeoutAsConnectionProvider.EchoServer server = new TimeoutAsConnectionProvider.EchoServer()) {
            echoServer = server.address();
            assertCaught(TimeoutAsConnection.class, CONNECTION, "aServerThatNeverAnswersFailsTheCallInsteadOfHanging",
                    "dev.agentmemory.tck.StoreKind");
        }
    }

    /**
     * Regression: a run in which every test aborted once counted as caught (started minus aborted equalled failed: 0 =
     * 0), so a provider whose every test aborts passed for one that the suite catches.
     */
    @Test
    void aRunInWhichEveryTestAbortedCatchesNothing() {
        TestExecutionSummary summary = run(EveryTestAborts.class, SHORT_TERM, "appendingTheSameEntryTwiceStoresItOnce", "");

        assertEquals(1, summary.getTestsStartedCount(), "the test ran");
        assertEquals(1, summary.getTestsAbortedCount(), "and aborted");
        assertFalse(caught(summary), "an aborted test caught nothing");
    }
}
