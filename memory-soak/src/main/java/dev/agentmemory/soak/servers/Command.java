package dev.agentmemory.soak.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short-lived program run to completion ({@code initdb}, {@code pg_ctl}), its output kept in a file. */
final class Command {

    private Command() {
    }

    /**
     * Runs the command in {@code workDir} and returns its output.
     *
     * @param argv the command
     * @param workDir its working directory; also where its output file goes (removed afterwards)
     * @param bound the longest it may run; it is killed after that
     * @return standard output and error, together
     * @throws IllegalStateException if it exits with a non-zero status or runs past the bound (with its output)
     */
    static String run(List<String> argv, Path workDir, Duration bound) {
        Path out = null;
        try {
            out = Files.createTempFile(workDir, "command-", ".out");
            // A file, not a pipe: pg_ctl leaves a daemon behind that could hold a pipe open after pg_ctl exits.
            Process p = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            boolean ended;
            try {
                ended = p.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + argv.get(0), e);
            }
            String output = Files.readString(out);
            if (!ended) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not end within " + bound.toSeconds()
                        + " s: " + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited with " + p.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // The whole directory goes when the server closes.
                }
            }
        }
    }
}
