package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.faultproxy.FaultProxy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.function.Executable;

/**
 * The check that a call is rejected with {@link InvalidMemoryRequestException} before any I/O: for a network provider,
 * no byte and no connection reached the server through the store's fault proxy meanwhile. Shared by the suites that
 * reject input ({@link BadInputTck}, {@link FilterTck}). Stateless.
 */
final class RejectedBeforeIo {

    private RejectedBeforeIo() {
    }

    /** Asserts that the call is rejected with InvalidMemoryRequestException and made no I/O; returns the error. */
    static InvalidMemoryRequestException assertRejected(TckBase.Opened<?> opened, String what, Executable call) {
        FaultProxy.Counters before = opened.proxy() == null ? null : opened.proxy().counters();
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class, call, what);
        if (ioSince(opened, before)) {
            assertRejectedAgainWithoutIo(opened, what, call);
        }
        return e;
    }

    /** Whether a byte or a connection reached the server since {@code before}. */
    static boolean ioSince(TckBase.Opened<?> opened, FaultProxy.@Nullable Counters before) {
        FaultProxy proxy = opened.proxy();
        if (proxy == null || before == null) {
            return false;
        }
        FaultProxy.Counters after = proxy.counters();
        return before.bytesToServer() != after.bytesToServer() || before.accepted() != after.accepted();
    }

    /**
     * A rejected call saw I/O: the client's own keep-alive (Redisson pings every connection every 30 s) may have
     * landed in the same milliseconds. A request that reaches the server before it is checked does so every time, a
     * keep-alive does not come twice in a row: so the call is made once more and must now be rejected with no byte
     * and no connection at all.
     */
    static void assertRejectedAgainWithoutIo(TckBase.Opened<?> opened, String what, Executable call) {
        FaultProxy proxy = opened.requireProxy();
        FaultProxy.Counters before = proxy.counters();
        assertThrows(InvalidMemoryRequestException.class, call, what);
        FaultProxy.Counters after = proxy.counters();
        assertEquals(before.bytesToServer(), after.bytesToServer(), what + ": rejected, but bytes reached the server first");
        assertEquals(before.accepted(), after.accepted(), what + ": rejected, but a connection was opened first");
    }
}
