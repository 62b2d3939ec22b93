package dev.agentmemory.soak.servers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the programs the servers need, on {@code PATH} and in the system directories that a root shell adds. */
final class Executables {

    private Executables() {
    }

    /**
     * @param program the program's file name
     * @param install what to install when it is missing, for the message
     * @return its path
     * @throws IllegalStateException if it is not installed
     */
    static Path require(String program, String install) {
        return find(program).orElseThrow(() -> new IllegalStateException(program + " is not installed (not on PATH"
                + " nor in /usr/sbin, /sbin); install " + install));
    }

    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        // runuser lives in /usr/sbin, which a non-login PATH may leave out.
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
