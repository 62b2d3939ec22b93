package dev.agentmemory.tck;

import org.junit.jupiter.api.Nested;

/**
 * The TCK's one entry point: a provider author extends this class once, returns the provider's fixture from
 * {@link #fixture()}, and JUnit runs every suite against it, each as a {@link Nested} class that this class declares
 * and the provider's class inherits:
 * <pre>{@code
 * class AcmeTckTest extends ProviderTck {
 *     protected StoreFixture fixture() {
 *         return StoreFixture.inProcess("acme:", Capability.SHORT_TERM);
 *     }
 * }
 * }</pre>
 *
 * <p>What runs is decided by the fixture's {@link StoreFixture#capabilities()}: every suite is always there, and a
 * test the provider cannot run (a long-term test for a short-term-only provider, a network test for an in-process
 * one, the retry contract without memory-resilience on the test path) is skipped before it starts, as a disabled
 * test whose reason names the missing capability, so that a report counts and explains it. Each provider's
 * class gets a report of its own ({@code TEST-com.example.AcmeTckTest.xml} from Surefire), in which every test is
 * named by its suite and its method, for example
 * {@code dev.agentmemory.tck.ProviderTck$ShortTermMemory.appendTrimsTheSessionToItsMaximumEntries}.
 *
 * <p>Works on the class path and on the module path alike: the nested suites live in {@code dev.agentmemory.tck},
 * which the TCK's module opens to JUnit, and the provider's class is opened to JUnit like any test class (Surefire
 * does it when it runs a module's tests on the module path). Skipping is per test rather than per suite because
 * the fixture, and so the capabilities, exist only once JUnit has made the test's instance.
 *
 * <p>Lifecycle: JUnit creates a new instance of the provider's class for every test and calls {@link #fixture()}
 * once on it, so a fixture may hold per-test state (a key prefix, a schema), and an {@code @AfterEach} method of
 * the provider's class runs after the TCK has closed the test's stores and proxies. The suites also stay separate
 * classes ({@link ShortTermMemoryTck}, ...) for their documentation; they can only be run through this class.
 */
public abstract class ProviderTck {

    /** For the provider's test class. */
    protected ProviderTck() {
    }

    /**
     * The fixture of the provider under test. Called once per test, on the test's own instance of this class.
     *
     * @return the fixture; never null
     */
    protected abstract StoreFixture fixture();

    /** {@link ShortTermMemoryTck} against {@link #fixture()}. */
    @Nested
    class ShortTermMemory extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link LongTermMemoryTck} against {@link #fixture()}. */
    @Nested
    class LongTermMemory extends LongTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link FilterTck} against {@link #fixture()}. */
    @Nested
    class Filter extends FilterTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link KeywordSearchTck} against {@link #fixture()}. */
    @Nested
    class KeywordSearch extends KeywordSearchTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link IsolationTck} against {@link #fixture()}. */
    @Nested
    class Isolation extends IsolationTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link BadInputTck} against {@link #fixture()}. */
    @Nested
    class BadInput extends BadInputTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link ConnectionContractTck} against {@link #fixture()}. */
    @Nested
    class ConnectionContract extends ConnectionContractTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link FirstUseContractTck} against {@link #fixture()}. */
    @Nested
    class FirstUseContract extends FirstUseContractTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link RetryContractTck} against {@link #fixture()}. */
    @Nested
    class RetryContract extends RetryContractTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }

    /** {@link CleanupContractTck} against {@link #fixture()}. */
    @Nested
    class CleanupContract extends CleanupContractTck {
        @Override
        protected StoreFixture fixture() {
            return ProviderTck.this.fixture();
        }
    }
}
