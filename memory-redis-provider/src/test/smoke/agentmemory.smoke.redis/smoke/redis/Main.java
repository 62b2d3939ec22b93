package smoke.redis;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.util.List;

/** Opens a Redis store through MemoryStores on the module path, uses it, closes it, and prints one line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String uri = args[0];
        String prefix = args[1];
        SessionRef session = SessionRef.of("smoke", "app", "s1");
        try (ShortTermMemory store = MemoryStores.shortTerm(uri, MemoryOptions.of("redis.key-prefix", prefix))) {
            store.append(session, NewEntry.of("user", "hello from the module path"));
            List<MemoryEntry> recent = store.recent(session, 10);
            String health = store.health().status().name();
            store.clear(session);
            boolean named = ModuleLayer.boot().findModule("dev.agentmemory.redis").isPresent();
            System.out.println("SMOKE entries=" + recent.size() + " health=" + health + " providerModule=" + named
                    + " classPath=" + System.getProperty("java.class.path", "").isEmpty());
        }
    }
}
