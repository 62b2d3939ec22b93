package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The guide's complete example is these sources, word for word, so that what a reader copies passes the TCK. */
class ProviderAuthoringGuideTest {

    private static final Path GUIDE = Path.of("..", "docs", "provider-authoring.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "com", "example", "acme");

    @Test
    void theGuideShowsTheTestedExampleVerbatim() throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        for (String file : new String[] {"AcmeProvider.java", "AcmeShortTermMemory.java"}) {
            String source = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8).strip();
            assertTrue(guide.contains(source), file + " in " + GUIDE + " differs from the tested source; copy it again");
        }
    }
}
