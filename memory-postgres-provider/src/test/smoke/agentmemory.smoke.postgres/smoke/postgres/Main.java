package smoke.postgres;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.util.List;

/** Opens both stores through MemoryStores, uses them, prints one line for the test to check. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String url = args[0];
        MemoryOptions options = MemoryOptions.of("postgres.schema", args[1], "client-name", args[2],
                "embedding.dimension", "64");
        try (LongTermMemory durable = MemoryStores.longTerm(url, options);
             ShortTermMemory recent = MemoryStores.shortTerm(url, options)) {
            Scope scope = new Scope("acme", "smoke");
            durable.store(scope, NewMemory.builder("the user prefers window seats").id("m1").build());
            List<ScoredMemory> hits = durable.search(scope, MemoryQuery.text("window seats preference")
                    .minSimilarity(0.1).build());
            SessionRef session = scope.session("s1");
            recent.append(session, NewEntry.of("user", "hello"));
            List<MemoryEntry> entries = recent.recent(session, 10);
            boolean providerModule = ModuleLayer.boot().findModule("dev.agentmemory.postgres").isPresent();
            String classPath = System.getProperty("java.class.path", "");
            System.out.println("SMOKE hits=" + hits.size() + " entries=" + entries.size()
                    + " searchMode=" + durable.health().attributes().get("searchMode")
                    + " health=" + recent.health().status()
                    + " providerModule=" + providerModule + " classPath=" + classPath.isEmpty());
        }
    }
}
