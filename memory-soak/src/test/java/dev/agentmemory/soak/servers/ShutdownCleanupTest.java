package dev.agentmemory.soak.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JVM that never closes its private servers still leaves no server process and no server directory behind when
 * it exits, and when it is interrupted (Ctrl-C is SIGINT): the shutdown hooks end the servers and remove their files.
 */
class ShutdownCleanupTest {

    private static final Path PARENT = Path.of("target", "servers-test").toAbsolutePath();

    private record Started(long pid, Path dir) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aJvmThatExitsWithoutClosingLeavesNothingBehind() throws Exception {
        Process child = child("exit");
        try {
            List<Started> servers = readServers(child);
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the JVM exits");
            assertGone(servers);
        } finally {
            endIfAlive(child);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aJvmStoppedWithCtrlCLeavesNothingBehind() throws Exception {
        Process child = child("wait");
        try {
            List<Started> servers = readServers(child);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "SIGINT ends the JVM");
            assertEquals(130, child.exitValue(), "ended by SIGINT");
            assertGone(servers);
        } finally {
            endIfAlive(child);
        }
    }

    /**
     * A child that outlives a failed assertion would keep its servers and hold the build's output open (Maven then
     * waits for it): SIGTERM runs its shutdown hooks, which stop the servers and remove their files.
     */
    private static void endIfAlive(Process child) throws InterruptedException {
        if (child.isAlive()) {
            child.destroy();
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
            }
        }
    }

    private static Process child(String mode) throws Exception {
        Files.createDirectories(PARENT);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        if (DEFAULT_SIGINT_BY_ENV) {
            // A build started in the background by a non-interactive shell runs with SIGINT ignored, the child
            // inherits that through exec, and a JVM that starts with SIGINT ignored never installs its handler: the
            // Ctrl-C test then hangs. Ctrl-C at a terminal reaches a JVM with the default disposition; give the
            // child that.
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                ServersLeftOpen.class.getName(), PARENT.toString(), mode));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** GNU env (coreutils 8.31 and later) can reset a signal's disposition; elsewhere the child inherits ours. */
    private static final boolean DEFAULT_SIGINT_BY_ENV = defaultSigintByEnv();

    private static boolean defaultSigintByEnv() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // no env on PATH: launch the JVM directly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<Started> readServers(Process child) throws Exception {
        List<Started> servers = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            String[] f = line.split(" ", 3);
            if (f[0].equals("server")) {
                servers.add(new Started(Long.parseLong(f[1]), Path.of(f[2])));
            }
        }
        assertEquals("ready", line, "the child started both servers");
        assertEquals(2, servers.size());
        for (Started s : servers) {
            assertFalse(ProcessState.ended(s.pid()), "running before the JVM goes");
            assertTrue(Files.isDirectory(s.dir()));
        }
        return servers;
    }

    private static void assertGone(List<Started> servers) {
        for (Started s : servers) {
            // The redis-server child is killed and reaped by the hook; the postmaster is stopped by pg_ctl and may
            // take a moment to be reaped by PID 1, which ended() allows for.
            assertTrue(ProcessState.awaitEnded(s.pid(), java.time.Duration.ofMinutes(1)), "server " + s.pid()
                    + " still runs after its JVM exited");
            assertFalse(Files.exists(s.dir()), s.dir() + " is still there");
        }
    }
}
