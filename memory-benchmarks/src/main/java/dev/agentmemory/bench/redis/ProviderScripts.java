package dev.agentmemory.bench.redis;

import dev.agentmemory.SessionRef;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The Redis provider's own Lua scripts and key layout, read from its package-private {@code SessionScripts} and
 * {@code KeyLayout} by reflection, so that the raw floor makes the server do exactly what the provider makes it do,
 * whatever the provider's version: a copy here could silently drift (the provider's scripts did change while this
 * module was written). This works on the class path, where the benchmarks run; {@code ProviderScriptsTest} fails if
 * the provider renames what is read here. Stateless.
 */
final class ProviderScripts {

    private static final String PACKAGE = "dev.agentmemory.redis.";

    /** Append, here of one entry. ARGV: entry id, body, max entries, TTL in ms. */
    static final String APPEND = script("APPEND");

    /** Recent. ARGV: limit. */
    static final String RECENT = script("RECENT");

    private ProviderScripts() {
    }

    /**
     * The provider's keys of a session, in the scripts' order (ids, entries, seq).
     *
     * @param prefix the provider's key prefix (option {@code redis.key-prefix})
     * @param tenant the tenant
     * @param agent the agent
     * @param session the session
     * @return the keys, as the provider's {@code KeyLayout.keys} makes them
     * @throws IllegalStateException if the provider's key layout cannot be read
     */
    static List<Object> keys(String prefix, String tenant, String agent, String session) {
        try {
            Class<?> layout = Class.forName(PACKAGE + "KeyLayout");
            Constructor<?> constructor = layout.getDeclaredConstructor(String.class);
            constructor.setAccessible(true);
            Method keys = layout.getDeclaredMethod("keys", SessionRef.class);
            keys.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<Object> out = (List<Object>) keys.invoke(constructor.newInstance(prefix),
                    SessionRef.of(tenant, agent, session));
            return List.copyOf(out);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unreadable("KeyLayout.keys(SessionRef)", e);
        }
    }

    private static String script(String name) {
        try {
            Field field = Class.forName(PACKAGE + "SessionScripts").getDeclaredField(name);
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unreadable("SessionScripts." + name, e);
        }
    }

    private static IllegalStateException unreadable(String what, Exception cause) {
        return new IllegalStateException("cannot read the Redis provider's " + what + " (the raw floor runs the "
                + "provider's own scripts); run the benchmarks on the class path with memory-redis-provider, and "
                + "update ProviderScripts if the provider renamed it", cause);
    }
}
