package dev.agentmemory.soak.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A server's own directory, made fresh under a parent the caller gives, and removed with everything in it. */
final class ServerDirectory {

    private ServerDirectory() {
    }

    static Path create(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a server directory under " + parent, e);
        }
    }

    /** Removes the directory and its contents; what cannot be removed is left (it is under the build's target/). */
    static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A file the server removed in the meantime (a WAL segment); nothing to do.
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            System.getLogger(ServerDirectory.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove all of " + dir + ": " + e);
        }
    }

    /** @return the last {@code max} characters of a log file, or a note that there is none */
    static String tail(Path log, int max) {
        try {
            String s = Files.readString(log);
            return s.length() <= max ? s : "..." + s.substring(s.length() - max);
        } catch (NoSuchFileException e) {
            return "(no log at " + log + ")";
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }
}
