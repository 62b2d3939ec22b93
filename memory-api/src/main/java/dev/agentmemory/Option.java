package dev.agentmemory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One option, declared once: its key, the type of its value, its default (if it has one), what values it allows,
 * whether its value is a secret, and one sentence for the documentation. Values are read through
 * {@link MemoryOptions#get(Option)} and {@link MemoryOptions#find(Option)}, which parse the text form and check the
 * range here, so that every module that reads an option reads it the same way.
 *
 * <p>An option declared {@link #sensitive()} never shows its value: not in {@link MemoryOptions#toString()}, not in
 * an error message. Shared options are constants of {@link MemoryOptions}; a provider declares its own in its module
 * and lists every option it reads in {@link dev.agentmemory.spi.MemoryProvider#options()} (a decorator in
 * {@link dev.agentmemory.spi.StoreDecorator#options()}).
 *
 * <p>Modelled on R2DBC's {@code Option<T>}. Immutable and thread-safe; equal when the keys are equal.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

    private final String key;
    private final Class<T> type;
    private final String typeName;
    private final @Nullable T defaultValue;
    private final String allowed;
    private final Function<String, @Nullable T> parser;
    private final Predicate<T> rule;
    private final Function<T, String> formatter;
    private final boolean sensitive;
    private final String description;

    private Option(String key, Class<T> type, String typeName, @Nullable T defaultValue, String allowed,
                   Function<String, @Nullable T> parser, Predicate<T> rule, Function<T, String> formatter,
                   boolean sensitive, String description) {
        MemoryOptions.required("key", key);
        MemoryOptions.required("description", description);
        if (!KEY.matcher(key).matches()) {
            throw new MemoryConfigurationException("options", "configure", "option key '" + key
                    + "' must be lower-case words of [a-z0-9] joined by '.' or '-'");
        }
        this.key = key;
        this.type = type;
        this.typeName = typeName;
        this.allowed = allowed;
        this.parser = parser;
        this.rule = rule;
        this.formatter = formatter;
        this.sensitive = sensitive;
        this.description = description;
        if (defaultValue != null && !rule.test(defaultValue)) {
            throw new MemoryConfigurationException("options", "configure", "the default of option '" + key
                    + "' is outside what it allows: " + allowed);
        }
        this.defaultValue = defaultValue;
    }

    /**
     * An integer from {@code min} to {@code max}, both included.
     *
     * @param key the key, for example {@code pool.max-size}
     * @param defaultValue the default, or {@code null} for none
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed or the default is out of range
     */
    public static Option<Integer> integer(String key, @Nullable Integer defaultValue, int min, int max,
                                          String description) {
        return new Option<>(key, Integer.class, "integer", defaultValue, "an integer from " + min + " to " + max,
                Option::parseInt, v -> v >= min && v <= max, String::valueOf, false, description);
    }

    /**
     * A decimal number from {@code min} (included) up to {@code max} (not included).
     *
     * @param key the key
     * @param defaultValue the default
     * @param min the smallest value allowed
     * @param maxExclusive the bound the value stays below
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed or the default is out of range
     */
    public static Option<Double> number(String key, double defaultValue, double min, double maxExclusive,
                                        String description) {
        return new Option<>(key, Double.class, "number", defaultValue, "a number from " + plain(min)
                + " up to, not including, " + plain(maxExclusive), Option::parseDouble,
                v -> v >= min && v < maxExclusive, String::valueOf, false, description);
    }

    /**
     * A positive duration, written as ISO-8601 ({@code PT30S}) or as a number and a unit ({@code 250ms}, {@code 30s},
     * {@code 5m}, {@code 1h}, {@code 7d}).
     *
     * @param key the key
     * @param defaultValue the default, or {@code null} for none
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed or the default is not positive
     */
    public static Option<Duration> duration(String key, @Nullable Duration defaultValue, String description) {
        return new Option<>(key, Duration.class, "duration", defaultValue,
                "a positive duration such as 250ms, 30s, 5m, 1h, 7d or PT30S", MemoryOptions::parseDuration,
                d -> d.compareTo(Duration.ZERO) > 0, Option::formatDuration, false, description);
    }

    /**
     * A duration from {@code min} to {@code max}, both included, written as for {@link #duration(String, Duration,
     * String)}.
     *
     * @param key the key
     * @param defaultValue the default, or {@code null} for none
     * @param min the shortest duration allowed, positive
     * @param max the longest duration allowed
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed or the default is out of range
     */
    public static Option<Duration> duration(String key, @Nullable Duration defaultValue, Duration min, Duration max,
                                            String description) {
        MemoryOptions.required("min", min);
        MemoryOptions.required("max", max);
        return new Option<>(key, Duration.class, "duration", defaultValue, "a duration from " + formatDuration(min)
                + " to " + formatDuration(max) + " (such as 250ms, 30s, 5m, 1h, 7d or PT30S)",
                MemoryOptions::parseDuration, d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
                Option::formatDuration, false, description);
    }

    /**
     * A boolean: exactly {@code true} or {@code false}, in any case.
     *
     * @param key the key
     * @param defaultValue the default
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed
     */
    public static Option<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Option<>(key, Boolean.class, "boolean", defaultValue, "true or false",
                s -> s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null,
                v -> true, String::valueOf, false, description);
    }

    /**
     * One constant of an enum, written in lower case with {@code -} for {@code _} ({@code buffer-writes}) and matched
     * without regard to case.
     *
     * @param key the key
     * @param type the enum
     * @param defaultValue the default
     * @param description one sentence for the documentation
     * @param <E> the enum
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed
     */
    public static <E extends Enum<E>> Option<E> enumeration(String key, Class<E> type, E defaultValue,
                                                            String description) {
        MemoryOptions.required("type", type);
        MemoryOptions.required("defaultValue", defaultValue);
        String names = Arrays.stream(type.getEnumConstants()).map(Option::enumName).toList().toString();
        return new Option<>(key, type, "enum", defaultValue, "one of " + names.substring(1, names.length() - 1),
                s -> {
                    String wanted = s.replace('-', '_');
                    for (E constant : type.getEnumConstants()) {
                        if (constant.name().equalsIgnoreCase(wanted)) {
                            return constant;
                        }
                    }
                    return null;
                }, v -> true, Option::enumName, false, description);
    }

    /**
     * A text; when {@code pattern} is given the whole value must match it.
     *
     * @param key the key
     * @param defaultValue the default, or {@code null} for none
     * @param pattern the rule, or {@code null} for any text
     * @param allowed the rule in words, for messages and the documentation ({@code "1 to 64 characters of [a-z]"})
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed or the default breaks the rule
     */
    public static Option<String> string(String key, @Nullable String defaultValue, @Nullable Pattern pattern,
                                        String allowed, String description) {
        MemoryOptions.required("allowed", allowed);
        return new Option<>(key, String.class, "string", defaultValue, allowed, s -> s,
                v -> pattern == null || pattern.matcher(v).matches(), s -> s, false, description);
    }

    /**
     * A secret text (a password, a token): never printed, in {@link MemoryOptions#toString()} or in any message.
     * It has no default. Like R2DBC's {@code Option.sensitiveValueOf}.
     *
     * @param key the key
     * @param description one sentence for the documentation
     * @return the option
     * @throws MemoryConfigurationException if the key is malformed
     */
    public static Option<String> secret(String key, String description) {
        return new Option<>(key, String.class, "string", null, "any text", s -> s, v -> true, s -> s, true,
                description);
    }

    /** @return the key, for example {@code short-term.ttl} */
    public String key() {
        return key;
    }

    /** @return the type of the value */
    public Class<T> type() {
        return type;
    }

    /** @return the kind of value in words, for the documentation: integer, number, duration, boolean, enum, string */
    public String typeName() {
        return typeName;
    }

    /** @return the default, if the option has one */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** @return what values the option allows, in words (the same words as its error messages) */
    public String allowed() {
        return allowed;
    }

    /** @return whether the value is a secret, never printed */
    public boolean sensitive() {
        return sensitive;
    }

    /** @return one sentence that says what the option does */
    public String description() {
        return description;
    }

    /**
     * The text form of a value, which {@link #parse(String)} reads back: durations as {@code 30s}, enum constants
     * in lower case.
     *
     * @param value the value
     * @return the text
     * @throws MemoryConfigurationException if the value is null
     */
    public String format(T value) {
        return formatter.apply(MemoryOptions.required("value", value));
    }

    /**
     * Reads a value from its text form and checks it.
     *
     * @param text the text, trimmed
     * @return the value
     * @throws MemoryConfigurationException naming the key, the value (masked if {@link #sensitive()}) and what is
     *     allowed
     */
    public T parse(String text) {
        MemoryOptions.required("text", text);
        T value = parser.apply(text.trim());
        if (value == null || !rule.test(value)) {
            throw invalid(text, allowed);
        }
        return value;
    }

    /**
     * Checks a typed value against what the option allows.
     *
     * @param value the value
     * @return the value
     * @throws MemoryConfigurationException if it is null or not allowed, in the words of {@link #parse(String)}
     */
    public T check(@Nullable T value) {
        if (value == null || !type.isInstance(value) || !rule.test(value)) {
            throw invalid(value == null ? "null" : formatter.apply(value), allowed);
        }
        return value;
    }

    /**
     * An error for a value of this option that a module rejects by a rule of its own (a pool smaller than its
     * minimum, a file that cannot be read), in the words of every option error:
     * {@code option 'k' is 'v'; allowed: ...}. The value is masked if the option is {@link #sensitive()}, and
     * credentials in URIs are masked always.
     *
     * @param value the rejected value, as text
     * @param allowedHere what is allowed
     * @return the exception, to throw
     */
    public MemoryConfigurationException invalid(String value, String allowedHere) {
        MemoryOptions.required("value", value);
        MemoryOptions.required("allowedHere", allowedHere);
        return new MemoryConfigurationException("options", "configure", "option '" + key + "' is "
                + (sensitive ? "'***'" : Requests.quote(MemoryOptions.redact(value))) + "; allowed: " + allowedHere);
    }

    /** Equal when the keys are equal: a key is declared once. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Option<?> other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** The key and the type; never a value. */
    @Override
    public String toString() {
        return "Option{" + key + ", " + typeName + (sensitive ? ", sensitive" : "") + "}";
    }

    private static @Nullable Integer parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Double parseDouble(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The shortest of {@code 7d}, {@code 1h}, {@code 5m}, {@code 30s}, {@code 250ms} that is exact, else ISO-8601. */
    static String formatDuration(Duration d) {
        if (d.getNano() % 1_000_000 != 0 || d.isNegative() || d.getSeconds() > Long.MAX_VALUE / 1000 - 1) {
            return d.toString();
        }
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
