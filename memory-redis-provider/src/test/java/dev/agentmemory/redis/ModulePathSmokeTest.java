package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.ModulePathApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Guards the module graph: a small application module that requires only {@code dev.agentmemory.api} runs in a real
 * JVM with {@code java --module-path ... --module ...} (no {@code --add-modules}, no class path) on exactly this
 * module's runtime dependencies ({@link ModulePathApp}). The provider must be found by service binding and
 * Redisson must find everything it loads (slf4j, Jackson, RxJava, Byte Buddy: see module-info.java). A Redisson
 * upgrade that changes what it needs fails here.
 */
class ModulePathSmokeTest {

    @Test
    void aModularApplicationOpensAndUsesARedisStore() {
        String prefix = SharedRedis.uniquePrefix("smoke");
        try {
            ModulePathApp.Result app = ModulePathApp.run(Path.of("src/test/smoke/agentmemory.smoke.redis"),
                    "agentmemory.smoke.redis/smoke.redis.Main", SharedRedis.uri(), prefix);

            assertEquals(0, app.exitValue(), app.output());
            assertTrue(app.output().contains("SMOKE entries=1 health=UP providerModule=true classPath=true"),
                    app.output());
            assertFalse(app.output().contains("NoClassDefFoundError"), app.output());
        } finally {
            SharedRedis.deletePrefix(prefix);
        }
    }
}
