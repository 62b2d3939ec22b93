package smoke.keyword;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SearchKind;

/** Stores a memory and finds it by a keyword of another inflection: the stemmer's module must be resolved. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        try (LongTermMemory memories = MemoryStores.longTerm(args[0])) {
            Scope scope = new Scope("smoke", "app");
            memories.store(scope, NewMemory.builder("Zeppelins were rigid airships").build());
            int hits = memories.search(scope, MemoryQuery.text("zeppelin airship").kind(SearchKind.KEYWORD).build())
                    .size();
            System.out.println("SMOKE keywordHits=" + hits + " stemmerModule="
                    + ModuleLayer.boot().findModule("snowball.stemmer").isPresent());
        }
    }
}
