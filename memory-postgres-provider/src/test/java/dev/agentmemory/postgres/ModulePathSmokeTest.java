package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.ModulePathApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Guards the module graph: a small application module that requires only {@code dev.agentmemory.api} runs in a real
 * JVM with {@code java --module-path ... --module ...} (no {@code --add-modules}, no class path) on exactly this
 * module's runtime dependencies ({@link ModulePathApp}). The provider must be bound as a service, Agroal must find
 * its pool, Flyway its PostgreSQL support and its migrations, jOOQ and pgjdbc must load: a driver upgrade that
 * breaks any of it fails here.
 */
class ModulePathSmokeTest {

    @Test
    void aModularApplicationOpensAndUsesBothPostgresStores() throws InterruptedException {
        String schema = PostgresTestSupport.newSchema("smoke");
        String client = PostgresTestSupport.newClientName("smoke");
        try {
            ModulePathApp.Result app = ModulePathApp.run(Path.of("src/test/smoke/agentmemory.smoke.postgres"),
                    "agentmemory.smoke.postgres/smoke.postgres.Main", PostgresTestSupport.url(), schema, client);

            assertEquals(0, app.exitValue(), app.output());
            assertTrue(app.output().contains("SMOKE hits=1 entries=1 searchMode=signature health=UP providerModule=true "
                    + "classPath=true"), app.output());
            assertFalse(app.output().contains("NoClassDefFoundError"), app.output());
            assertEquals(0, PostgresTestSupport.connectionsAfterClose(client), "the app's connections are gone");
        } finally {
            PostgresTestSupport.dropSchema(schema);
        }
    }
}
