package dev.agentmemory;

import dev.agentmemory.spi.DecoratorContext;
import dev.agentmemory.spi.MemoryProvider;
import dev.agentmemory.spi.MemoryProvider.Capability;
import dev.agentmemory.spi.StoreDecorator;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Discovery: finds providers and decorators, picks a provider by scheme or by name, opens the store, wraps it.
 * {@link MemoryStores} is its public face; tests give it their own sources of providers.
 */
final class ProviderRegistry {

    private static final System.Logger LOG = System.getLogger(MemoryStores.class.getName());
    private static final String DISCOVERY = "discovery";

    private final Supplier<Iterator<MemoryProvider>> providerSource;
    private final Supplier<Iterator<StoreDecorator>> decoratorSource;

    ProviderRegistry(Supplier<Iterator<MemoryProvider>> providerSource,
                     Supplier<Iterator<StoreDecorator>> decoratorSource) {
        this.providerSource = providerSource;
        this.decoratorSource = decoratorSource;
    }

    static ProviderRegistry fromServiceLoader() {
        return new ProviderRegistry(() -> ServiceLoader.load(MemoryProvider.class).iterator(),
                () -> ServiceLoader.load(StoreDecorator.class).iterator());
    }

    ShortTermMemory shortTerm(String uri, MemoryOptions options) {
        String scheme = scheme(uri);
        MemoryProvider provider = select(uri, scheme, options, Capability.SHORT_TERM);
        DecoratorContext context = new DecoratorContext(provider.name(), MemoryOptions.redact(uri), options);
        List<StoreDecorator> decorators = decorators(options);
        ShortTermMemory store = provider.openShortTerm(uri, options);
        return new ValidatingShortTermMemory(wrap(store, decorators, d -> s -> d.decorate(s, context)),
                context.backend());
    }

    LongTermMemory longTerm(String uri, MemoryOptions options, Embedder embedder) {
        String scheme = scheme(uri);
        MemoryProvider provider = select(uri, scheme, options, Capability.LONG_TERM);
        DecoratorContext context = new DecoratorContext(provider.name(), MemoryOptions.redact(uri), options);
        List<StoreDecorator> decorators = decorators(options);
        Embedder decorated = embedder;
        for (StoreDecorator d : decorators) {
            decorated = d.decorate(decorated, context);
        }
        LongTermMemory store = provider.openLongTerm(uri, options, decorated);
        Embedder used = decorated;
        return new ValidatingLongTermMemory(wrap(store, decorators, d -> s -> d.decorate(s, used, context)),
                context.backend());
    }

    /** Applies the decorators innermost first; if one fails, the store opened so far is closed, not leaked. */
    private static <S extends AutoCloseable> S wrap(S store, List<StoreDecorator> decorators,
                                                    Function<StoreDecorator, Function<S, S>> apply) {
        S current = store;
        try {
            for (StoreDecorator d : decorators) {
                current = apply.apply(d).apply(current);
            }
            return current;
        } catch (RuntimeException e) {
            try {
                current.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    List<MemoryProvider> providers() {
        return load(providerSource, "provider");
    }

    List<StoreDecorator> decorators(MemoryOptions options) {
        List<StoreDecorator> found = new ArrayList<>();
        for (StoreDecorator d : load(decoratorSource, "decorator")) {
            if (options.get(enabled(d))) {
                found.add(d);
            } else {
                LOG.log(Level.DEBUG, "decorator {0} turned off by option {0}.enabled=false", d.name());
            }
        }
        found.sort(Comparator.comparingInt(StoreDecorator::order).thenComparing(StoreDecorator::name));
        return found;
    }

    /**
     * The options each provider and decorator declares, by its name: providers first, then decorators, each sorted
     * by name.
     */
    Map<String, List<Option<?>>> declaredOptions() {
        Map<String, List<Option<?>>> declared = new LinkedHashMap<>();
        for (MemoryProvider p : providers()) {
            declared.put(p.name(), List.copyOf(p.options()));
        }
        for (StoreDecorator d : load(decoratorSource, "decorator")) {
            List<Option<?>> options = new ArrayList<>(d.options());
            if (!options.contains(enabled(d))) {
                options.add(enabled(d));
            }
            declared.put(d.name(), List.copyOf(options));
        }
        return declared;
    }

    /** The option {@code <name>.enabled} that turns a decorator off. */
    private static Option<Boolean> enabled(StoreDecorator d) {
        return Option.bool(d.name() + ".enabled", true, "false turns the decorator " + d.name() + " off.");
    }

    private MemoryProvider select(String uri, String scheme, MemoryOptions options, Capability capability) {
        List<MemoryProvider> providers = providers();
        String wanted = options.find(MemoryOptions.PROVIDER).orElse(null);
        for (MemoryProvider p : providers) {
            boolean match = wanted != null ? p.name().equalsIgnoreCase(wanted) : p.schemes().contains(scheme);
            if (match && p.capabilities().contains(capability)) {
                return p;
            }
        }
        String what = capability == Capability.SHORT_TERM ? "short-term" : "long-term";
        StringBuilder message = new StringBuilder();
        if (wanted != null) {
            message.append("no ").append(what).append(" provider named '").append(wanted)
                    .append("' (option 'provider')");
        } else {
            message.append("no ").append(what).append(" provider for scheme '").append(scheme).append(":'");
        }
        message.append(". Providers found: ").append(describe(providers)).append(". ");
        message.append("Add the provider that serves '").append(scheme)
                .append(":' to the module path (or class path), or set the option 'provider' to the name of a "
                        + "provider found; docs/options.md lists the providers of this project and their schemes.");
        throw new MemoryConfigurationException(MemoryOptions.redact(uri), DISCOVERY, message.toString());
    }

    static String describe(List<MemoryProvider> providers) {
        if (providers.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (MemoryProvider p : providers) {
            parts.add(p.name() + " " + new TreeSet<>(p.schemes()) + " " + new TreeSet<>(p.capabilities())
                    .toString().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", parts);
    }

    /**
     * Reads every service the source yields; a broken one (a {@link ServiceConfigurationError}: missing class,
     * failing constructor) is logged and skipped, so one bad jar cannot take discovery down.
     */
    private static <T> List<T> load(Supplier<Iterator<T>> source, String kind) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = source.get();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "skipping a broken agentmemory " + kind + ": " + e.getMessage(), e);
            }
        }
        found.sort(Comparator.comparing(ProviderRegistry::nameOf));
        return found;
    }

    private static String nameOf(Object service) {
        if (service instanceof MemoryProvider p) {
            return p.name();
        }
        return service instanceof StoreDecorator d ? d.name() : service.getClass().getName();
    }

    /**
     * The scheme of an address, lower case: {@code redis} for {@code redis://h:6379}, {@code mem} for
     * {@code mem:}, and {@code jdbc:postgresql} for {@code jdbc:postgresql://h/db}.
     */
    static String scheme(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new MemoryConfigurationException("(none)", DISCOVERY, "the store URI must not be blank; "
                    + "use for example mem:, redis://127.0.0.1:6379 or postgresql://127.0.0.1:5432/db");
        }
        String u = uri.trim();
        int colon = u.indexOf(':');
        if (colon <= 0) {
            throw new MemoryConfigurationException(MemoryOptions.redact(u), DISCOVERY, "the store URI has no scheme; use for example mem:, redis://127.0.0.1:6379 "
                    + "or postgresql://127.0.0.1:5432/db");
        }
        String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("jdbc")) {
            int second = u.indexOf(':', colon + 1);
            if (second > colon + 1) {
                scheme = "jdbc:" + u.substring(colon + 1, second).toLowerCase(Locale.ROOT);
            }
        }
        return scheme;
    }
}
