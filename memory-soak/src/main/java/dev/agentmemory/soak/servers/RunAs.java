package dev.agentmemory.soak.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who runs a server's programs. {@code initdb} and {@code postgres} refuse to run as root, and build machines often
 * run everything as root; there the programs run as an unprivileged account ({@code postgres}, else {@code nobody})
 * through {@code runuser}, in a directory that account owns. Anywhere else (a developer's laptop) they run as this
 * JVM's user, directly.
 */
final class RunAs {

    private static final List<String> UNPRIVILEGED = List.of("postgres", "nobody");

    private final @Nullable String user;
    private final @Nullable Path runuser;

    private RunAs(@Nullable String user, @Nullable Path runuser) {
        this.user = user;
        this.runuser = runuser;
    }

    /**
     * Decides for a directory this JVM has just made (so owned by its effective user) and, when that user is root,
     * gives the directory to the unprivileged account.
     */
    static RunAs forDirectory(Path dir) {
        try {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid");
            if (uid != 0) {
                return new RunAs(null, null);
            }
            Path runuser = Executables.require("runuser", "util-linux (it runs PostgreSQL as an unprivileged user "
                    + "when the JVM runs as root)");
            var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
            for (String name : UNPRIVILEGED) {
                UserPrincipal account;
                try {
                    account = lookup.lookupPrincipalByName(name);
                } catch (UserPrincipalNotFoundException e) {
                    continue;
                }
                Files.setOwner(dir, account);
                return new RunAs(name, runuser);
            }
            throw new IllegalStateException("this JVM runs as root, PostgreSQL refuses root, and none of the accounts "
                    + UNPRIVILEGED + " exists to run it as; create one (useradd postgres) or run as another user");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for an unprivileged user", e);
        }
    }

    /** @return the command as it must be run: unchanged, or through {@code runuser -u <account> --} */
    List<String> command(List<String> argv) {
        if (user == null || runuser == null) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of(runuser.toString(), "-u", user, "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** @return {@code "as postgres"} or {@code "as this JVM's user"}, for messages */
    String describe() {
        return user == null ? "as this JVM's user" : "as " + user + " (the JVM runs as root)";
    }
}
