package dev.agentmemory.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.ModulePathApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module graph as an application sees it: an application module that requires only the API runs with
 * {@code java --module-path ... --module ...} on this provider and its runtime dependencies, and must find the
 * provider by service binding. The TCK's suites, run by Surefire, cannot see a broken {@code provides}.
 */
class ModulePathSmokeTest {

    @Test
    void aModularApplicationFindsTheProviderByServiceBinding() {
        ModulePathApp.Result app = ModulePathApp.run(Path.of("src/test/smoke/agentmemory.smoke"),
                "agentmemory.smoke/smoke.Main", "mem:", "dev.agentmemory.inmemory");

        assertEquals(0, app.exitValue(), app.output());
        assertTrue(app.output().contains("SMOKE entries=1 providerModule=true classPathEmpty=true"), app.output());
    }
}
