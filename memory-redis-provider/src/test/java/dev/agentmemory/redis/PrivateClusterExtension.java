package dev.agentmemory.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@link PrivateCluster} for the whole test run, on first use, and tears it down when the run ends
 * (JUnit closes resources in the root store). Test classes that use it are skipped, with the reason, where
 * redis-server is not installed.
 */
final class PrivateClusterExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PrivateClusterExtension.class);

    /** Closes the cluster when the root context closes. */
    private record Holder(PrivateCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }

    private static volatile PrivateCluster current;

    @Override
    public void beforeAll(ExtensionContext context) {
        Holder holder = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(PrivateCluster.start()), Holder.class);
        current = holder.cluster();
    }

    /** @return the running cluster; only valid in a class extended with this extension */
    static PrivateCluster cluster() {
        PrivateCluster c = current;
        if (c == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(PrivateClusterExtension.class)");
        }
        return c;
    }
}
