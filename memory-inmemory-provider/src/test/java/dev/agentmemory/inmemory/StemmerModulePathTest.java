package dev.agentmemory.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.ModulePathApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A keyword search stems with the Snowball jar, an automatic module whose name ({@code snowball.stemmer}) comes from
 * its file name: an application on the module path that requires only the API runs a keyword search. Fails if a new
 * version of the jar is named otherwise or the provider stops requiring it.
 */
class StemmerModulePathTest {

    @Test
    void aKeywordSearchFindsTheStemmerOnTheModulePath() {
        ModulePathApp.Result app = ModulePathApp.run(Path.of("src/test/smoke/agentmemory.smoke.keyword"),
                "agentmemory.smoke.keyword/smoke.keyword.Main", "mem:");

        assertEquals(0, app.exitValue(), app.output());
        assertTrue(app.output().contains("SMOKE keywordHits=1 stemmerModule=true"), app.output());
    }
}
