package dev.agentmemory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An entry as stored in short-term memory: what {@link ShortTermMemory#append}, {@link ShortTermMemory#recent} and
 * {@link ShortTermMemory#get} return.
 *
 * <p>Providers make one through {@link #builder(NewEntry)} (the fields a caller gave, copied from the request) or
 * {@link #builder()} (every field set one by one, for an entry read back from a backend), then set what the store
 * assigns ({@code sequence}, {@code createdAt}, {@code expiresAt}). {@link Builder#build()} checks that every field is
 * set; a missing one is an {@link InvalidMemoryRequestException} that names it. {@link #withExpiresAt(Instant)} gives
 * the same entry with the session's newer expiry.
 *
 * <p>Equal by value. {@link #toString()} shows the content and the metadata shortened.
 *
 * <p>To add a field: add it to this class and to its {@link Builder} (a field, a setter, the lines that copy it in
 * {@link #builder(NewEntry)} and {@link #toBuilder()}, its check in {@link Builder#build()}, and {@code equals},
 * {@code hashCode} and {@code toString}), and store and read it in each provider.
 *
 * <p>Immutable and thread-safe.
 */
public final class MemoryEntry {

    /**
     * The sequence of an entry that a write buffer (the resilience layer's buffer-writes mode) acknowledged while
     * the backend was down: the server assigns the real one when the buffer is replayed.
     */
    public static final long PENDING_SEQUENCE = -1;

    private static final String WHAT = "MemoryEntry";

    private final String id;
    private final long sequence;
    private final String role;
    private final String content;
    private final Map<String, String> metadata;
    private final double importance;
    private final Instant createdAt;
    private final Instant expiresAt;

    private MemoryEntry(Builder b) {
        this.id = Requests.required(WHAT, "id", b.id);
        this.sequence = Requests.required(WHAT, "sequence", b.sequence);
        this.role = Requests.required(WHAT, "role", b.role);
        this.content = Requests.required(WHAT, "content", b.content);
        this.metadata = Map.copyOf(b.metadata);
        this.importance = Requests.required(WHAT, "importance", b.importance);
        this.createdAt = Requests.required(WHAT, "createdAt", b.createdAt);
        this.expiresAt = Requests.required(WHAT, "expiresAt", b.expiresAt);
    }

    /**
     * An empty builder: every field must be set but the metadata, which are empty unless set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding the fields a caller gave in {@code entry}: id, role, content, metadata and importance. The
     * store sets {@code sequence}, {@code createdAt} and {@code expiresAt}.
     *
     * @param entry the entry as the caller appended it
     * @return a new builder
     * @throws InvalidMemoryRequestException if {@code entry} is null
     */
    public static Builder builder(NewEntry entry) {
        Requests.notNull(WHAT, "entry", entry);
        Builder b = new Builder();
        b.id = entry.id();
        b.role = entry.role();
        b.content = entry.content();
        b.metadata = entry.metadata();
        b.importance = entry.importance();
        return b;
    }

    /**
     * A builder holding every field of this entry: build it to get an equal entry, or change some fields first.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.sequence = sequence;
        b.role = role;
        b.content = content;
        b.metadata = metadata;
        b.importance = importance;
        b.createdAt = createdAt;
        b.expiresAt = expiresAt;
        return b;
    }

    /**
     * This entry with another expiry: every append slides the session's expiry, and with it every entry's.
     *
     * @param expiresAt the new expiry
     * @return a copy with that expiry
     * @throws InvalidMemoryRequestException if {@code expiresAt} is null
     */
    public MemoryEntry withExpiresAt(Instant expiresAt) {
        return toBuilder().expiresAt(expiresAt).build();
    }

    /**
     * The id the client gave the entry.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The entry's place in its session, assigned by the server: larger is later, never reused in the session, also
     * after it was cleared or expired (see {@link ShortTermMemory}).
     *
     * @return the sequence, or {@link #PENDING_SEQUENCE} when a write buffer acknowledged the entry and the server
     *     has not numbered it yet
     */
    public long sequence() {
        return sequence;
    }

    /**
     * Who spoke.
     *
     * @return the role
     */
    public String role() {
        return role;
    }

    /**
     * The text, exactly as appended.
     *
     * @return the content
     */
    public String content() {
        return content;
    }

    /**
     * The string pairs appended with the entry.
     *
     * @return the metadata, unmodifiable; never {@code null}
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * How much the turn matters, the same {@code double} that was appended.
     *
     * @return the importance, in [0, 1]
     */
    public double importance() {
        return importance;
    }

    /**
     * When the store accepted the entry (server time where the backend has a clock); never decreases in sequence
     * order within a session.
     *
     * @return the creation time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * When the session expires unless it is appended to again (sliding TTL).
     *
     * @return the expiry
     */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Whether the entry is acknowledged but not yet numbered by the server.
     *
     * @return {@code true} if {@link #sequence()} is {@link #PENDING_SEQUENCE}
     */
    public boolean pending() {
        return sequence == PENDING_SEQUENCE;
    }

    /**
     * Whether {@code other} is a {@code MemoryEntry} with equal fields ({@code importance} compared as
     * {@link Double#compare(double, double)} does).
     *
     * @param other any object, or {@code null}
     * @return {@code true} if every field is equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof MemoryEntry e && id.equals(e.id) && sequence == e.sequence && role.equals(e.role)
                && content.equals(e.content) && metadata.equals(e.metadata)
                && Double.compare(importance, e.importance) == 0 && createdAt.equals(e.createdAt)
                && expiresAt.equals(e.expiresAt);
    }

    /**
     * A hash of every field.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, sequence, role, content, metadata, importance, createdAt, expiresAt);
    }

    /**
     * Every field, with the content and the metadata shortened.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return new ValueText(WHAT).field("id", id).field("sequence", sequence).field("role", role)
                .text("content", content).metadata(metadata).field("importance", importance)
                .field("createdAt", createdAt).field("expiresAt", expiresAt).end();
    }

    /**
     * Builds a {@link MemoryEntry}. A setter given {@code null} throws {@link InvalidMemoryRequestException} at once;
     * {@link #build()} checks that every field was set. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable Long sequence;
        private @Nullable String role;
        private @Nullable String content;
        private Map<String, String> metadata = Map.of();
        private @Nullable Double importance;
        private @Nullable Instant createdAt;
        private @Nullable Instant expiresAt;

        private Builder() {
        }

        /**
         * Sets the id the client gave the entry.
         *
         * @param id the entry id
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code id} is null
         */
        public Builder id(String id) {
            this.id = Requests.notNull(WHAT, "id", id);
            return this;
        }

        /**
         * Sets the entry's place in its session.
         *
         * @param sequence the sequence the server assigned, or {@link #PENDING_SEQUENCE}
         * @return this builder
         */
        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        /**
         * Sets who spoke.
         *
         * @param role the role
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code role} is null
         */
        public Builder role(String role) {
            this.role = Requests.notNull(WHAT, "role", role);
            return this;
        }

        /**
         * Sets the text.
         *
         * @param content the content
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code content} is null
         */
        public Builder content(String content) {
            this.content = Requests.notNull(WHAT, "content", content);
            return this;
        }

        /**
         * Sets the metadata (none unless set).
         *
         * @param metadata the metadata, copied on build
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code metadata} is null
         */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Requests.notNull(WHAT, "metadata", metadata);
            return this;
        }

        /**
         * Sets how much the turn matters.
         *
         * @param importance the importance, in [0, 1]
         * @return this builder
         */
        public Builder importance(double importance) {
            this.importance = importance;
            return this;
        }

        /**
         * Sets when the store accepted the entry.
         *
         * @param createdAt the creation time
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code createdAt} is null
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Requests.notNull(WHAT, "createdAt", createdAt);
            return this;
        }

        /**
         * Sets when the session expires unless it is appended to again.
         *
         * @param expiresAt the expiry
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code expiresAt} is null
         */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = Requests.notNull(WHAT, "expiresAt", expiresAt);
            return this;
        }

        /**
         * Checks that every field is set and builds the entry.
         *
         * @return the entry
         * @throws InvalidMemoryRequestException if a field but the metadata was not set; the message names it
         */
        public MemoryEntry build() {
            return new MemoryEntry(this);
        }
    }
}
