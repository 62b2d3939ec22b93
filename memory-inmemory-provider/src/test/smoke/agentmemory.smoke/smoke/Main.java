package smoke;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SearchKind;
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
        int keywordHits;
        // A keyword search stems with the Snowball jar, an automatic module named from its file name.
        try (LongTermMemory memories = MemoryStores.longTerm(uri)) {
            Scope scope = new Scope("smoke", "app");
            memories.store(scope, NewMemory.builder("Zeppelins were rigid airships").build());
            keywordHits = memories.search(scope, MemoryQuery.text("zeppelin").kind(SearchKind.KEYWORD).build()).size();
        }
        try (ShortTermMemory store = MemoryStores.shortTerm(uri)) {
            store.append(session, NewEntry.of("user", "hello from the module path"));
            int entries = store.recent(session, 10).size();
            store.clear(session);
            System.out.println("SMOKE entries=" + entries + " keywordHits=" + keywordHits
                    + " providerModule=" + ModuleLayer.boot().findModule(providerModule).isPresent()
                    + " classPathEmpty=" + System.getProperty("java.class.path", "").isEmpty());
        }
    }
}
