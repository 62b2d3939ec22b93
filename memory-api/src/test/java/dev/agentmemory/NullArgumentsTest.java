package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.spi.Cosine;
import dev.agentmemory.spi.DecoratorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Every public constructor and method of every public class of {@code dev.agentmemory} and {@code dev.agentmemory.spi},
 * found by reflection, given {@code null} for one reference parameter at a time (the others valid), throws the typed
 * error whose message names the parameter, never a raw {@link NullPointerException}. The rule, as the Javadoc of
 * {@link MemoryStores} and {@link MemoryOptions} states it: a null given to configuration ({@code MemoryStores},
 * {@code MemoryOptions}, {@code Option}, {@code DecoratorContext}, {@code StoreUri}) is a {@link MemoryConfigurationException};
 * anywhere else it is an {@link InvalidMemoryRequestException}. Parameters annotated {@code @Nullable} are exempt.
 *
 * <p>Not covered here: exception constructors (they run on the error path, and a constructor that threw would hide the
 * error being reported), interfaces (their methods are implemented by providers; the TCK's {@code BadInputTck} calls
 * every store method with nulls through the validating layer), and what the language declares for every enum and
 * record ({@code valueOf}, {@code equals(null)} is checked to be {@code false} instead).
 */
class NullArgumentsTest {

    private static final Set<Class<?>> CONFIGURATION = Set.of(MemoryStores.class, MemoryOptions.class,
            Option.class, DecoratorContext.class, StoreUri.class);

    private static final Memory MEMORY = Memory.builder().id("m-1").type(MemoryType.SEMANTIC).content("content")
            .importance(0.5).createdAt(Instant.EPOCH).build();

    private static final MemoryEntry ENTRY = MemoryEntry.builder().id("e-1").sequence(1).role("user").content("content")
            .importance(0.5).createdAt(Instant.EPOCH).expiresAt(Instant.EPOCH).build();

    /** A valid instance of each public class with instance methods; a class missing here fails the test. */
    private static final Map<Class<?>, Object> INSTANCES = Map.ofEntries(
            Map.entry(Scope.class, new Scope("t", "a")),
            Map.entry(SessionRef.class, SessionRef.of("t", "a", "s")),
            Map.entry(NewEntry.class, NewEntry.of("user", "content")),
            Map.entry(NewMemory.class, NewMemory.builder("content").build()),
            Map.entry(NewMemory.Builder.class, NewMemory.builder("content")),
            Map.entry(MemoryQuery.class, MemoryQuery.text("query").build()),
            Map.entry(MemoryQuery.Builder.class, MemoryQuery.text("query")),
            Map.entry(MemoryOptions.class, MemoryOptions.empty()),
            Map.entry(Option.class, MemoryOptions.CLIENT_NAME),
            Map.entry(Health.class, Health.up("fine", null)),
            Map.entry(Memory.class, MEMORY),
            Map.entry(Memory.Builder.class, MEMORY.toBuilder()),
            Map.entry(MemoryEntry.class, ENTRY),
            Map.entry(MemoryEntry.Builder.class, ENTRY.toBuilder()),
            // 16 components, so that get(10), called with the sample int, is a valid call.
            Map.entry(Vector.class, Vector.of(new HashingEmbedder(16).embed("vector"))),
            Map.entry(ScoredMemory.class, new ScoredMemory(MEMORY, 0.5)),
            Map.entry(HashingEmbedder.class, new HashingEmbedder(8)),
            Map.entry(DecoratorContext.class, new DecoratorContext("p", "mem:", MemoryOptions.empty())),
            Map.entry(Metadata.class, Metadata.of("k", "v", "n", 3)),
            Map.entry(Filter.All.class, Filter.all()),
            Map.entry(Filter.Compare.class, Filter.eq("k", "v")),
            Map.entry(Filter.In.class, Filter.in("k", "v", "w")),
            Map.entry(Filter.ContainsString.class, Filter.containsString("k", "v")),
            Map.entry(Filter.Exists.class, Filter.exists("k")),
            Map.entry(Filter.And.class, Filter.eq("k", "v").and(Filter.exists("n"))),
            Map.entry(Filter.Or.class, Filter.eq("k", "v").or(Filter.exists("n"))),
            Map.entry(Filter.Not.class, Filter.ne("k", "v")));

    /** A filter visitor that answers every node with its kind, so that {@code accept} has a valid argument. */
    private static final Filter.Visitor<String> VISITOR = new Filter.Visitor<>() {
        @Override
        public String all() {
            return "all";
        }

        @Override
        public String compare(Filter.Compare compare) {
            return "compare";
        }

        @Override
        public String in(Filter.In in) {
            return "in";
        }

        @Override
        public String containsString(Filter.ContainsString contains) {
            return "containsString";
        }

        @Override
        public String exists(Filter.Exists exists) {
            return "exists";
        }

        @Override
        public String and(Filter.And and) {
            return "and";
        }

        @Override
        public String or(Filter.Or or) {
            return "or";
        }

        @Override
        public String not(Filter.Not not) {
            return "not";
        }
    };

    @Test
    void everyNullArgumentOfEveryPublicMethodGivesTheTypedErrorNamingTheParameter() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : publicClasses()) {
            for (Executable executable : executables(type)) {
                Parameter[] parameters = executable.getParameters();
                Object[] valid = new Object[parameters.length];
                for (int i = 0; i < parameters.length; i++) {
                    valid[i] = sample(parameters[i]);
                }
                String where = type.getSimpleName() + "." + signature(executable);
                Throwable thrown = invoke(type, executable, valid);
                if (thrown != null && !(type == MemoryStores.class && noProviderOnThisPath(thrown))) {
                    problems.add(where + " fails with valid arguments (so the null checks below prove nothing): " + thrown);
                    continue;
                }
                for (int i = 0; i < parameters.length; i++) {
                    Parameter p = parameters[i];
                    if (p.getType().isPrimitive() || nullable(p)) {
                        continue;
                    }
                    assertTrue(p.isNamePresent(), "memory-api must be compiled with -parameters");
                    Object[] args = valid.clone();
                    args[i] = null;
                    checked++;
                    check(type, where, p.getName(), invoke(type, executable, args), problems);
                    if (p.getType().isArray() && !p.getType().getComponentType().isPrimitive()) {
                        // A null element of a varargs array (MemoryOptions.of(null, "x")) is a null argument too.
                        Object[] withNullElement = (Object[]) java.lang.reflect.Array.newInstance(
                                p.getType().getComponentType(), 1);
                        args[i] = withNullElement;
                        checked++;
                        check(type, where + " with a null element", p.getName(),
                                invoke(type, executable, args), problems);
                    }
                }
            }
        }
        assertTrue(checked > 60, "only " + checked + " null arguments found: the class scan is broken");
        assertEquals(List.of(), problems, problems.size() + " of " + checked + " null arguments are not rejected properly");
    }

    /** The cases the hardening issue found, by name, so a regression reads plainly. */
    @Test
    void theNullsFoundByHandAreTypedErrors() {
        assertMessage(InvalidMemoryRequestException.class, "type",
                () -> MemoryQuery.text("x").types(null));
        assertMessage(MemoryConfigurationException.class, "options",
                () -> MemoryStores.shortTerm("mem:", null));
        assertMessage(MemoryConfigurationException.class, "embedder",
                () -> MemoryStores.longTerm("mem:", MemoryOptions.empty(), null));
        assertMessage(MemoryConfigurationException.class, "keysAndValues[0]",
                () -> MemoryOptions.of(null, "x"));
        assertMessage(InvalidMemoryRequestException.class, "moreTypes",
                () -> MemoryQuery.text("q").types(MemoryType.SEMANTIC, (MemoryType[]) null));
        assertMessage(InvalidMemoryRequestException.class, "components", () -> Vector.of((float[]) null));
        assertMessage(InvalidMemoryRequestException.class, "createdAt",
                () -> MEMORY.toBuilder().createdAt(null));
        assertMessage(InvalidMemoryRequestException.class, "metadata",
                () -> new NewEntry("e-1", "user", "c", null, 0.5));
    }

    @Test
    void equalsWithNullIsFalseNotAnError() {
        for (Object instance : INSTANCES.values()) {
            assertFalse(instance.equals(null), instance.getClass().getSimpleName());
        }
    }

    private static void assertMessage(Class<? extends MemoryException> expected, String parameter,
                                      org.junit.jupiter.api.function.Executable call) {
        MemoryException e = assertThrows(expected, call);
        assertTrue(e.getMessage().contains(parameter), e.getMessage());
    }

    private static void check(Class<?> type, String where, String parameter, @Nullable Throwable thrown,
                              List<String> problems) {
        Class<? extends MemoryException> expected = CONFIGURATION.contains(type)
                ? MemoryConfigurationException.class : InvalidMemoryRequestException.class;
        String what = where + " with " + parameter + " = null";
        if (thrown == null) {
            problems.add(what + " was accepted");
        } else if (thrown.getClass() != expected) {
            problems.add(what + " threw " + thrown + " instead of " + expected.getSimpleName());
        } else if (!namesParameter(thrown.getMessage(), parameter)) {
            problems.add(what + ": the message does not name the parameter: " + thrown.getMessage());
        }
    }

    /** The message names {@code entryId} as {@code entryId} or as the words {@code entry id}. */
    private static boolean namesParameter(String message, String parameter) {
        String words = parameter.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return message.contains(parameter) || message.toLowerCase(Locale.ROOT).contains(words);
    }

    /** memory-api's own tests have no provider: with valid arguments, MemoryStores gets as far as discovery. */
    private static boolean noProviderOnThisPath(Throwable thrown) {
        return thrown instanceof MemoryConfigurationException && thrown.getMessage().contains("Providers found: none");
    }

    private static @Nullable Throwable invoke(Class<?> type, Executable executable, Object[] args) {
        try {
            if (executable instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                Method m = (Method) executable;
                Object target = Modifier.isStatic(m.getModifiers()) ? null : instance(type);
                m.invoke(target, args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call " + executable, e);
        }
    }

    private static Object instance(Class<?> type) {
        Object instance = INSTANCES.get(type);
        if (instance == null) {
            fail("no sample instance of " + type.getName() + ": add one to INSTANCES so its methods are checked");
        }
        return instance;
    }

    private static @Nullable Object sample(Parameter p) {
        Class<?> t = p.getType();
        if (t == float[].class) {
            // Where a vector is optional, the other argument is the one given (a query by text, a memory to embed).
            return nullable(p) ? null : new float[] {1f, 0f};
        }
        if (t == String.class) {
            return p.getName().equals("uri") ? "mem:" : "x1";
        }
        if (t == int.class || t == long.class) {
            return t == int.class ? (Object) 10 : (Object) 10L;
        }
        if (t == double.class) {
            return p.getName().equals("maxExclusive") ? 1.0 : 0.5;
        }
        if (t == boolean.class) {
            return true;
        }
        if (t == List.class && List.of("filters", "operands").contains(p.getName())) {
            return List.of(Filter.eq("a", 1), Filter.eq("b", 2));
        }
        Map<Class<?>, Object> samples = Map.ofEntries(
                Map.entry(String[].class, new String[] {"k", "v"}),
                Map.entry(Map.class, Map.of("k", "v")),
                Map.entry(Set.class, Set.of(MemoryType.SEMANTIC)),
                Map.entry(List.class, List.of("x1")),
                Map.entry(Instant.class, Instant.parse("2100-01-01T00:00:00Z")),
                Map.entry(Duration.class, Duration.ofSeconds(1)),
                Map.entry(MemoryType.class, MemoryType.SEMANTIC),
                Map.entry(SearchKind.class, SearchKind.HYBRID),
                Map.entry(MemoryType[].class, new MemoryType[0]),
                Map.entry(Health.Status.class, Health.Status.UP),
                Map.entry(Class.class, MemoryOptions.ConnectMode.class),
                Map.entry(Enum.class, MemoryOptions.ConnectMode.LAZY),
                Map.entry(Object.class, "x1"),
                Map.entry(Integer.class, 10),
                Map.entry(java.util.regex.Pattern.class, java.util.regex.Pattern.compile("x.*")),
                Map.entry(Embedder.class, new HashingEmbedder(8)),
                Map.entry(Scope.class, new Scope("t", "a")),
                Map.entry(Object[].class, new Object[] {"k", "v"}),
                Map.entry(java.util.Collection.class, List.of("x1")),
                Map.entry(Filter.class, Filter.exists("k")),
                Map.entry(Filter[].class, new Filter[] {Filter.exists("k")}),
                Map.entry(Filter.Op.class, Filter.Op.GT),
                Map.entry(Filter.Visitor.class, VISITOR),
                Map.entry(Metadata.class, Metadata.of("k", "v")));
        Object sample = samples.containsKey(t) ? samples.get(t) : INSTANCES.get(t);
        if (sample == null) {
            fail("no sample value of " + t.getName() + " for parameter " + p.getName() + " of "
                    + p.getDeclaringExecutable() + ": add one");
        }
        return sample;
    }

    /**
     * Whether the parameter is {@code @Nullable}. javac does not always copy a record component's type annotation to
     * the canonical constructor's parameter ({@code float @Nullable []}), so the component is asked too.
     */
    private static boolean nullable(Parameter p) {
        if (p.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
            return true;
        }
        Executable e = p.getDeclaringExecutable();
        Class<?> type = e.getDeclaringClass();
        if (e instanceof Constructor<?> && type.isRecord()
                && Arrays.equals(e.getParameterTypes(), Arrays.stream(type.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getType).toArray())) {
            int index = Arrays.asList(e.getParameters()).indexOf(p);
            return type.getRecordComponents()[index].getAnnotatedType().isAnnotationPresent(Nullable.class);
        }
        return false;
    }

    private static List<Executable> executables(Class<?> type) {
        List<Executable> found = new ArrayList<>();
        if (!Modifier.isAbstract(type.getModifiers())) {
            found.addAll(Arrays.asList(type.getConstructors()));
        }
        for (Method m : type.getMethods()) {
            String owner = m.getDeclaringClass().getPackageName();
            if (!owner.startsWith("dev.agentmemory") || m.isSynthetic() || m.isBridge()) {
                continue;
            }
            if (m.getName().equals("equals") || (type.isEnum() && m.getName().equals("valueOf"))) {
                continue; // the language's: equals(null) is false (checked above), valueOf(null) is Enum's rule
            }
            found.add(m);
        }
        found.removeIf(e -> e.getParameterCount() == 0);
        found.sort((a, b) -> signature(a).compareTo(signature(b)));
        return found;
    }

    private static String signature(Executable e) {
        return (e instanceof Constructor<?> ? "<init>" : e.getName()) + Arrays.stream(e.getParameters())
                .map(p -> p.getType().getSimpleName() + " " + p.getName()).toList();
    }

    /** Every public top-level and nested class of the two exported packages, read from memory-api's class files. */
    private static List<Class<?>> publicClasses() {
        Path root;
        try {
            root = Path.of(MemoryStores.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String pkg : List.of("dev/agentmemory", "dev/agentmemory/spi")) {
            try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                    name = name.substring(0, name.length() - ".class".length());
                    if (name.endsWith("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(name, false, MemoryStores.class.getClassLoader());
                    if (isPublicApi(c) && !Throwable.class.isAssignableFrom(c) && !c.isInterface()) {
                        classes.add(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(classes.contains(NewMemory.Builder.class) && classes.contains(Cosine.class),
                "the scan must find nested and spi classes: " + classes);
        return classes;
    }

    private static boolean isPublicApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }
}
