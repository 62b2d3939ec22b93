package smoke;

import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;

/** Opens a store of the URI args[0] on the module path, uses it, closes it, and prints one line to check. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String uri = args[0];
        String providerModule = args[1];
        SessionRef session = SessionRef.of("smoke", "app", "s1");
        try (ShortTermMemory store = MemoryStores.shortTerm(uri)) {
            store.append(session, NewEntry.of("user", "hello from the module path"));
            int entries = store.recent(session, 10).size();
            store.clear(session);
            System.out.println("SMOKE entries=" + entries
                    + " providerModule=" + ModuleLayer.boot().findModule(providerModule).isPresent()
                    + " classPathEmpty=" + System.getProperty("java.class.path", "").isEmpty());
        }
    }
}
