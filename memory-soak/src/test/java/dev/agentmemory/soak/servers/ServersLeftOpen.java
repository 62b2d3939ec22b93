package dev.agentmemory.soak.servers;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A JVM that starts both private servers and never closes them, for {@link ShutdownCleanupTest}: it prints each
 * server's pid and directory, then either exits when the test says so on standard input ({@code exit}) or waits to
 * be interrupted ({@code wait}).
 */
public final class ServersLeftOpen {

    private ServersLeftOpen() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path parent = Path.of(args[0]);
        PrivateRedis redis = PrivateRedis.start(parent);
        PrivatePostgres postgres = PrivatePostgres.start(parent);
        for (PrivateServer s : new PrivateServer[] {redis, postgres}) {
            System.out.println("server " + s.pid().orElseThrow() + " " + s.directory());
        }
        System.out.println("ready");
        System.out.flush();
        if (args[1].equals("exit")) {
            // The test has seen both servers running before it lets this JVM go: exiting at once raced its check.
            System.in.read();
            System.exit(0);
        }
        // Keeps the servers open until the test kills this process: the hold is what the test needs, not a wait.
        Thread.sleep(Long.MAX_VALUE);
    }
}
