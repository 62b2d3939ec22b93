package dev.agentmemory.tck;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Containers started by Testcontainers on a Docker engine, reached by reflection so that Testcontainers (not a
 * module, and with a large graph of its own) never enters the TCK's module graph: a provider puts it on its test
 * class path, or leaves it out and sets the environment variables. One container per image and JVM.
 */
final class DockerContainers implements TestServers.Containers {

    static final DockerContainers INSTANCE = new DockerContainers();

    private static final String FACTORY = "org.testcontainers.DockerClientFactory";
    private static final String GENERIC = "org.testcontainers.containers.GenericContainer";

    /** Started once per image, and kept for the JVM's life: every fixture of a run shares the server. */
    private final Map<String, TestServer> started = new ConcurrentHashMap<>();

    private DockerContainers() {
    }

    static boolean onClassPath() {
        try {
            // not initialised: a class check must not start Testcontainers' logging or its Docker lookup
            Class.forName(FACTORY, false, loader());
            Class.forName(GENERIC, false, loader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Optional<String> unavailable() {
        return Availability.REASON;
    }

    /** Asked once per JVM: without Docker, Testcontainers tries every strategy it knows before it says no. */
    private static final class Availability {
        static final Optional<String> REASON = probe();
    }

    private static Optional<String> probe() {
        if (!onClassPath()) {
            return Optional.of("org.testcontainers:testcontainers is not on the test class path");
        }
        try {
            Class<?> factory = Class.forName(FACTORY, true, loader());
            Object docker = factory.getMethod("instance").invoke(null);
            return (Boolean) factory.getMethod("isDockerAvailable").invoke(docker)
                    ? Optional.empty()
                    : Optional.of("Testcontainers is on the test class path but no Docker engine answers");
        } catch (InvocationTargetException e) {
            return Optional.of("Testcontainers could not look for a Docker engine (" + e.getCause() + ")");
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.of("this Testcontainers version does not fit the TCK (" + e + ")");
        }
    }

    @Override
    public TestServer start(TestServers.Kind kind) {
        return started.computeIfAbsent(kind.image(), image -> run(kind));
    }

    private static TestServer run(TestServers.Kind kind) {
        try {
            Class<?> generic = Class.forName(GENERIC, true, loader());
            Class<?> strategy = Class.forName("org.testcontainers.containers.wait.strategy.WaitStrategy", true, loader());
            Class<?> wait = Class.forName("org.testcontainers.containers.wait.strategy.Wait", true, loader());
            Object container = generic.getConstructor(String.class).newInstance(kind.image());
            Object ports = Array.newInstance(Integer.class, 1);
            Array.set(ports, 0, kind.defaultPort());
            generic.getMethod("withExposedPorts", Integer[].class).invoke(container, ports);
            Method withEnv = generic.getMethod("withEnv", String.class, String.class);
            for (Map.Entry<String, String> e : kind.containerEnv().entrySet()) {
                withEnv.invoke(container, e.getKey(), e.getValue());
            }
            Object ready = wait.getMethod("forLogMessage", String.class, int.class)
                    .invoke(null, kind.readyLog(), kind.readyTimes());
            generic.getMethod("waitingFor", strategy).invoke(container, ready);
            generic.getMethod("start").invoke(container);
            String host = (String) generic.getMethod("getHost").invoke(container);
            int mapped = (Integer) generic.getMethod("getMappedPort", int.class).invoke(container, kind.defaultPort());
            return new TestServer(host + ":" + mapped, host, mapped, "testcontainers");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Testcontainers could not start " + kind.image() + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Testcontainers version does not fit the TCK; set the environment "
                    + "variable " + kind.variable() + " instead", e);
        }
    }

    /** The test's class loader, where Surefire puts test dependencies; the TCK's own loader if there is none. */
    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DockerContainers.class.getClassLoader();
    }
}
