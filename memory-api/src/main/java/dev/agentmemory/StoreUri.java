package dev.agentmemory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A store URI split at its user-info, so that a provider never has to hand a password to a URI parser (which
 * would fail on it, or print it in its message) and never has to find the user-info itself.
 *
 * <p>The rule, the same for every scheme: in {@code scheme://[user-info@]host...}, the user-info is everything
 * between the first {@code ://} and the last {@code @} that is followed by a host list (host names, IPv4
 * addresses, bracketed IPv6 addresses, each with an optional {@code :port}, separated by commas) and then by the
 * end, {@code /}, {@code ?} or {@code #} (in a longer text, also a space or a closing bracket or quote). A password may therefore hold any character as it is, {@code @ / ? # :}
 * and spaces included, except {@code %}, which starts a percent-escape ({@code %XX} bytes that spell UTF-8):
 * write a {@code %} as {@code %25}. A {@code +} is a plus. The user name is the user-info up to its first
 * {@code :}, the password everything after it. An {@code @} anywhere else in the URI (a query value, say) must
 * be written {@code %40}, or it may be read as the end of a user-info; one inside a query parameter's value
 * ({@code ?user=me@corp}, {@code &password=p@ss}) is left to that parameter (so a raw password cannot hold
 * {@code ?name=}: write its {@code ?} as {@code %3F}).
 *
 * <p>{@link MemoryOptions#redact} masks this user-info, so what a store prints matches what it parsed; when no host
 * follows an {@code @}, it masks up to that {@code @} anyway.
 *
 * <p>Immutable and thread-safe. {@link #toString()} is {@link #redacted()}.
 */
public final class StoreUri {

    /** A host list from just after the {@code @} to where the authority ends. */
    private static final Pattern HOSTS;
    /** Text that ends inside a query parameter's value: {@code ?a=1&user=me}, before the {@code @} of {@code me@corp}. */
    private static final Pattern IN_QUERY_VALUE =
            Pattern.compile("\\?(?:[A-Za-z0-9._-]+=[^&]*&)*[A-Za-z0-9._-]+=[^&]*$");

    static {
        // A port is any run of name characters, so that "host:notaport" is still a host (and its error names it).
        String host = "(?:\\[[0-9A-Za-z:._%-]*\\]|[\\p{L}\\p{N}._~%-]*)(?::[\\p{L}\\p{N}._~%-]*)?";
        HOSTS = Pattern.compile(host + "(?:," + host + ")*(?=[/?#\\s)\\]}'\";>]|$)");
    }

    private static final String OPEN = "open";

    private final String uri;
    private final int authority;
    private final int at;
    private final int maskEnd;

    private StoreUri(String uri, int authority, int at, int maskEnd) {
        this.uri = uri;
        this.authority = authority;
        this.at = at;
        this.maskEnd = maskEnd;
    }

    /**
     * Splits a URI. Never fails: what cannot be split has no user-info.
     *
     * @param uri the URI, possibly with credentials; leading and trailing white space is ignored
     * @return the split URI
     * @throws MemoryConfigurationException if {@code uri} is null
     */
    public static StoreUri parse(String uri) {
        String u = MemoryOptions.required("uri", uri).trim();
        int separator = u.indexOf("://");
        if (separator < 0) {
            return new StoreUri(u, -1, -1, -1);
        }
        int authority = separator + 3;
        Matcher hosts = HOSTS.matcher(u);
        Matcher inQuery = IN_QUERY_VALUE.matcher(u);
        int maskEnd = -1;
        for (int i = u.lastIndexOf('@'); i >= authority; i = i == 0 ? -1 : u.lastIndexOf('@', i - 1)) {
            if (inQuery.region(authority, i).find()) {
                // ?user=me@corp or &password=p@ss: the '@' belongs to a parameter, which pgjdbc reads itself.
                continue;
            }
            if (maskEnd < 0) {
                // Masked even if no host follows: what precedes it may be a password.
                maskEnd = i;
            }
            if (hosts.region(i + 1, u.length()).lookingAt()) {
                return new StoreUri(u, authority, i, maskEnd);
            }
        }
        return new StoreUri(u, authority, -1, maskEnd);
    }

    /**
     * @return the index in {@link #uri} of the {@code @} up to which {@link MemoryOptions#redact} masks: the end of
     *     the user-info, or a later {@code @} that no host follows; -1 for none
     */
    int maskEnd() {
        return maskEnd;
    }

    /** @return the trimmed URI this was parsed from (with credentials: never print it) */
    String uri() {
        return uri;
    }

    /**
     * @return everything before {@code ://} as written ({@code redis}, {@code jdbc:postgresql}), or the whole URI if
     *     it has none
     */
    public String scheme() {
        return authority < 0 ? uri : uri.substring(0, authority - 3);
    }

    /** @return whether the URI has a user-info ({@code user:password@}) */
    public boolean hasUserInfo() {
        return at >= 0;
    }

    /** @return what follows the user-info and its {@code @} (or {@code ://}): hosts, path, query, fragment */
    public String afterUserInfo() {
        if (at >= 0) {
            return uri.substring(at + 1);
        }
        return authority < 0 ? "" : uri.substring(authority);
    }

    /** @return the URI with its user-info and the {@code @} removed */
    public String withoutUserInfo() {
        return authority < 0 ? uri : uri.substring(0, authority) + afterUserInfo();
    }

    /**
     * The user name: the user-info up to its first {@code :}, percent-decoded.
     *
     * @return the user name, empty if there is no user-info or it starts with {@code :}
     * @throws MemoryConfigurationException if it holds a {@code %} that is not a percent-escape of UTF-8
     */
    public Optional<String> user() {
        if (at < 0) {
            return Optional.empty();
        }
        int colon = uri.indexOf(':', authority);
        String user = uri.substring(authority, colon >= 0 && colon < at ? colon : at);
        return user.isEmpty() ? Optional.empty() : Optional.of(decode(user, "user name"));
    }

    /**
     * The password: everything after the first {@code :} of the user-info, percent-decoded.
     *
     * @return the password (possibly empty), or empty if the user-info has no {@code :}
     * @throws MemoryConfigurationException if it holds a {@code %} that is not a percent-escape of UTF-8; the
     *     message shows the URI {@linkplain #redacted() redacted}
     */
    public Optional<String> password() {
        if (at < 0) {
            return Optional.empty();
        }
        int colon = uri.indexOf(':', authority);
        if (colon < 0 || colon > at) {
            return Optional.empty();
        }
        return Optional.of(decode(uri.substring(colon + 1, at), "password"));
    }

    /** @return the URI with credentials masked, by {@link MemoryOptions#redact} */
    public String redacted() {
        return MemoryOptions.redact(uri);
    }

    /** @return {@link #redacted()} */
    @Override
    public String toString() {
        return redacted();
    }

    /** Strict percent-decoding: a '%' must start an escape, the escapes must spell UTF-8, and '+' stays a plus. */
    private String decode(String text, String what) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw badEscape(what, null);
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int end = i + Character.charCount(text.codePointAt(i));
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badEscape(what, e);
        }
    }

    private MemoryConfigurationException badEscape(String what, @Nullable Throwable cause) {
        // The cause of a decoding error names no byte values, so it is safe to keep.
        return new MemoryConfigurationException(redacted(), OPEN, "the " + what + " in the URI is not valid "
                + "percent-encoding: a '%' must start an escape of two hex digits and the escapes must spell UTF-8 "
                + "(write '%' itself as %25)", cause);
    }
}
