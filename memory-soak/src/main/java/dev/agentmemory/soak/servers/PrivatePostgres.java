package dev.agentmemory.soak.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * A private PostgreSQL cluster on a free loopback port: made with {@code initdb} in a new directory, run with
 * {@code pg_ctl}, TCP only (no Unix socket), trust authentication for the superuser {@value #SUPERUSER} on
 * 127.0.0.1. {@link #crash()} is {@code pg_ctl stop -m immediate} (no checkpoint; the next start runs crash
 * recovery from the WAL); {@link #restart()} starts it again on the same port and data directory.
 *
 * <p>The binaries come from the newest {@code /usr/lib/postgresql/<version>/bin} (Debian, Ubuntu), else from
 * {@code PATH}. When this JVM runs as root, which {@code initdb} and {@code postgres} refuse, they run as the
 * {@code postgres} account (else {@code nobody}) through {@code runuser}, and the directory belongs to it.
 *
 * <p>Thread-safe.
 */
public final class PrivatePostgres extends PrivateServer {

    /** The cluster's superuser, who may connect from 127.0.0.1 without a password. */
    public static final String SUPERUSER = "soak";
    /** The database {@link #jdbcUrl()} points at. */
    public static final String DATABASE = "postgres";

    /** How long initdb, a start (with crash recovery) or a stop may take: generous, the machine may be loaded. */
    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final String version;
    private final RunAs runAs;
    private final Path data;
    private final Path log;

    private PrivatePostgres(Path bin, String version, RunAs runAs, int port, Path dir) {
        super("postgres", port, dir);
        this.bin = bin;
        this.version = version;
        this.runAs = runAs;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
    }

    /**
     * Makes a cluster in a new directory under {@code parent}, starts it and returns once it accepts connections.
     *
     * @param parent where to make the server's directory (created if missing), e.g. {@code target/servers}
     * @return the running server; close it
     * @throws IllegalStateException if PostgreSQL is not installed or does not start (with its output and log)
     */
    public static PrivatePostgres start(Path parent) {
        Path bin = binaries();
        int port = FreePort.pick();
        Path dir = ServerDirectory.create(parent, "postgres-" + port + "-");
        PrivatePostgres pg;
        try {
            pg = new PrivatePostgres(bin, versionOf(bin), RunAs.forDirectory(dir), port, dir);
        } catch (RuntimeException e) {
            ServerDirectory.delete(dir);
            throw e;
        }
        try {
            pg.initdb();
            pg.launch();
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** @return {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=soak} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE + "?user=" + SUPERUSER;
    }

    /** @return the PostgreSQL major version, e.g. {@code 15} */
    public String version() {
        return version;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + version + " 127.0.0.1:" + port() + " (" + runAs.describe() + ")";
    }

    @Override
    public OptionalLong pid() {
        return postmaster().filter(p -> !ProcessState.ended(p.pid())).map(p -> OptionalLong.of(p.pid()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public synchronized void crash() {
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            throw new IllegalStateException(describe() + " is not running");
        }
        pgCtl("stop", "-m", "immediate", "-w", "-t", Long.toString(BOUND.toSeconds()));
        // pg_ctl returns when the pid file is gone, a moment before the postmaster itself has exited.
        if (!ProcessState.awaitEnded(pid.getAsLong(), BOUND)) {
            throw new IllegalStateException(describe() + ": postmaster " + pid.getAsLong() + " still runs "
                    + BOUND.toSeconds() + " s after pg_ctl stop -m immediate");
        }
    }

    @Override
    void launch() {
        try {
            pgCtl("start", "-l", log.toString(), "-w", "-t", Long.toString(BOUND.toSeconds()));
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + ServerDirectory.tail(log, 2000), e);
        }
    }

    @Override
    public long connectionsNamed(String clientName) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "agentmemory-soak-harness");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        try (Connection c = DriverManager.getConnection(jdbcUrl(), p);
             PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
            s.setString(1, clientName);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count connections on " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void end() {
        Optional<ProcessHandle> postmaster = postmaster().filter(p -> !ProcessState.ended(p.pid()));
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> children = postmaster.get().children().toList();
        try {
            pgCtl("stop", "-m", "immediate", "-w", "-t", "60");
            ProcessState.awaitEnded(postmaster.get().pid(), Duration.ofMinutes(1));
            children.forEach(c -> ProcessState.awaitEnded(c.pid(), Duration.ofMinutes(1)));
        } catch (RuntimeException e) {
            // pg_ctl could not stop it: end the postmaster and its children by signal, as a last resort.
            List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
            all.add(postmaster.get());
            all.forEach(ProcessHandle::destroyForcibly);
            System.getLogger(PrivatePostgres.class.getName()).log(System.Logger.Level.WARNING,
                    "pg_ctl could not stop " + describe() + ", killed it: " + e.getMessage());
        }
    }

    private void initdb() {
        Command.run(runAs.command(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")), directory(), BOUND);
        String conf = String.join("\n", "",
                "# agentmemory soak: a private cluster, TCP on loopback only",
                "port = " + port(),
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 100",
                "shared_buffers = 32MB",
                "fsync = on",
                "synchronous_commit = on",
                "");
        try {
            Files.writeString(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure " + describe(), e);
        }
    }

    private void pgCtl(String action, String... args) {
        List<String> argv = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
        argv.addAll(List.of(args));
        argv.add(action);
        Command.run(runAs.command(argv), directory(), BOUND.plusMinutes(1));
    }

    /** The postmaster named by {@code postmaster.pid}, if the file is there. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // Half-written by a starting postmaster; treat as not (yet) running.
            return Optional.empty();
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, else the directory of PATH's initdb. */
    static Path binaries() {
        if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_VERSIONS)) {
                List<Path> usable = new ArrayList<>();
                for (Path v : versions) {
                    Path b = v.resolve("bin");
                    if (majorVersion(v.getFileName().toString()).isPresent() && Files.isExecutable(b.resolve("initdb"))
                            && Files.isExecutable(b.resolve("pg_ctl"))) {
                        usable.add(b);
                    }
                }
                Optional<Path> newest = usable.stream().max(Comparator.comparingLong(
                        b -> majorVersion(b.getParent().getFileName().toString()).orElse(0)));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // Fall back to PATH.
            }
        }
        Path initdb = Executables.require("initdb", "PostgreSQL's server package (apt-get install postgresql)");
        return initdb.toAbsolutePath().getParent();
    }

    private static String versionOf(Path bin) {
        Path parent = bin.getParent();
        if (parent != null && majorVersion(parent.getFileName().toString()).isPresent()) {
            return parent.getFileName().toString();
        }
        return "(" + bin + ")";
    }

    private static OptionalLong majorVersion(String name) {
        return name.matches("\\d{1,4}") ? OptionalLong.of(Long.parseLong(name)) : OptionalLong.empty();
    }
}
