package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link ShortTermMemory}, for one {@link Scope}, as LangChain4j's {@link ChatMemoryStore}: the memory id is the
 * session, and {@link #updateMessages} appends only what is new instead of rewriting the list.
 *
 * <p><b>Memory ids.</b> {@code String.valueOf(memoryId)} is the session id when it is a valid session id (1 to 128
 * characters of {@code [A-Za-z0-9._:@-]}) that does not start with {@value #HASHED_PREFIX}; any other memory id
 * becomes {@value #HASHED_PREFIX} followed by the SHA-256 of its text in hex. The mapping is one to one (short of a
 * SHA-256 collision), so no memory id reaches another's session.
 *
 * <p><b>Entries.</b> A message is one entry: its content is LangChain4j's own JSON of the message
 * ({@link ChatMessageSerializer}), its role the message type, and its id the SHA-256 of its position in the
 * conversation and its JSON. A message longer than the store's content limit (32,768 characters of JSON) is
 * rejected by the store.
 *
 * <p><b>updateMessages</b> compares the given list with what is stored and appends only what is new, in one
 * {@code appendAll}. The list's first message is the head (the system message a {@code MessageWindowChatMemory}
 * keeps while it evicts): it is looked for from the last head on. The other messages are matched in order against
 * the stored conversation from the start of the last window: the first one not found, and every one after it, is new.
 * So a repeated or retried call appends nothing (and the ids make a retry of a half-done append store nothing twice);
 * a window that evicted old messages, kept its system message or replaced it matches on what it kept; a message
 * another writer appended meanwhile stays in the window (two threads adding through their
 * {@code MessageWindowChatMemory} lose nothing). Each entry records the window: its head and where the rest starts,
 * so that {@link #getMessages} returns the head and then the stored conversation from there, in the store's order:
 * the given list plus what other writers appended. When nothing of the given list is stored (it does not extend the
 * stored one), it is appended after the stored window, which stays: a writer that started on the same session at the
 * same time as another must not hide the other's messages. A list that only drops messages (no new message) changes
 * nothing stored; the next append moves the window. An empty list clears the session.
 *
 * <p>Two writers appending the same message JSON at the same position at the same time store it once: the store
 * cannot tell that from a retry.
 *
 * <p><b>The session's own window.</b> The short-term store keeps the newest {@code short-term.max-entries} entries
 * of a session and drops the oldest, which would be the system message of a long conversation. So when more entries
 * than the given list's length follow the stored system message, the next append copies it forward (one extra entry
 * per window's worth of messages; {@link #getMessages} returns it once). A session that holds at least the chat
 * memory's window plus two entries therefore always returns the whole window.
 */
public final class AgentMemoryChatMemoryStore implements ChatMemoryStore {

    /** The prefix of a session id made from a memory id that is not a valid session id. */
    public static final String HASHED_PREFIX = "sha256:";

    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MemoryDefaults.MAX_ID_LENGTH + "}");
    private static final String POSITION = "lc4j.position";
    private static final String HEAD = "lc4j.head";
    private static final String REST = "lc4j.rest";
    private static final String COPY = "lc4j.copy";
    private static final String AT = "at:";
    private static final String AFTER = "after:";
    private static final String NONE = "-";

    private final ShortTermMemory memory;
    private final Scope scope;

    /**
     * A chat memory store over a short-term memory, for one scope.
     *
     * @param memory the store
     * @param scope the tenant and agent every session belongs to
     */
    public AgentMemoryChatMemoryStore(ShortTermMemory memory, Scope scope) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /**
     * The session a memory id is stored in.
     *
     * @param memoryId LangChain4j's memory id
     * @return the session id: the id itself, or {@value #HASHED_PREFIX} and its SHA-256
     */
    public static String sessionId(Object memoryId) {
        String text = String.valueOf(Objects.requireNonNull(memoryId, "memoryId"));
        if (VALID_ID.matcher(text).matches() && !text.startsWith(HASHED_PREFIX)) {
            return text;
        }
        return HASHED_PREFIX + sha256(text);
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        List<MemoryEntry> stored = stored(session(memoryId));
        List<ChatMessage> messages = new ArrayList<>(stored.size());
        if (stored.isEmpty()) {
            return messages;
        }
        Map<String, String> last = stored.get(stored.size() - 1).metadata();
        String head = last.getOrDefault(HEAD, NONE);
        int headIndex = indexOf(stored, head);
        if (headIndex >= 0) {
            messages.add(ChatMessageDeserializer.messageFromJson(stored.get(headIndex).content()));
        }
        for (int i = restStart(stored, last); i < stored.size(); i++) {
            if (i != headIndex && !stored.get(i).metadata().containsKey(COPY)) {
                messages.add(ChatMessageDeserializer.messageFromJson(stored.get(i).content()));
            }
        }
        return messages;
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        SessionRef session = session(memoryId);
        if (messages.isEmpty()) {
            memory.clear(session);
            return;
        }
        List<MemoryEntry> stored = stored(session);
        Map<String, String> last = stored.isEmpty() ? Map.of() : stored.get(stored.size() - 1).metadata();
        long next = stored.isEmpty() ? 0 : position(stored.get(stored.size() - 1)) + 1;
        int lastRest = restStart(stored, last);

        // The first message (the pinned one: a system message the window keeps): from the last head, else anywhere.
        String headJson = ChatMessageSerializer.messageToJson(messages.get(0));
        int headFound = find(stored, headJson, Math.max(0, indexOf(stored, last.getOrDefault(HEAD, NONE))));
        if (headFound < 0) {
            headFound = find(stored, headJson, 0);
        }
        // The others, in order, from the start of the last window's rest: the first one not found and all after it
        // are new.
        int cursor = lastRest;
        int firstNew = messages.size();
        String restAt = null;
        for (int i = 1; i < messages.size(); i++) {
            String json = ChatMessageSerializer.messageToJson(messages.get(i));
            int found = find(stored, json, cursor);
            if (found < 0 && i == 1) {
                found = find(stored, json, 0); // a writer that read before another's window moved
            }
            if (found < 0) {
                firstNew = i;
                break;
            }
            if (i == 1) {
                restAt = stored.get(found).id();
            }
            cursor = found + 1;
        }
        List<Pending> pending = new ArrayList<>();
        String headId;
        boolean repin = headFound >= 0 && firstNew < messages.size() && messages.get(0) instanceof SystemMessage
                && stored.size() - headFound + messages.size() - firstNew > messages.size();
        if (headFound >= 0 && !repin) {
            headId = stored.get(headFound).id();
        } else {
            // A new head; or the system message, copied forward: once more entries than the window follow it, the
            // session's own trim (short-term.max-entries) would drop it first, being the oldest, and it is gone.
            Pending p = new Pending(next++, headJson, messages.get(0), repin);
            pending.add(p);
            headId = p.id;
        }
        for (int i = firstNew; i < messages.size(); i++) {
            pending.add(new Pending(next++, ChatMessageSerializer.messageToJson(messages.get(i)), messages.get(i), false));
        }
        if (pending.isEmpty()) {
            return;
        }
        String head = headId;
        String rest;
        if (restAt != null) {
            rest = AT + restAt;
        } else if (headFound >= 0) {
            // Everything after the head is in the window: this call's messages and what other writers appended.
            rest = AFTER + stored.get(headFound).id();
        } else {
            // Nothing of the list is stored: it does not extend the stored window, so it is appended to it (and
            // the window keeps its head).
            head = last.getOrDefault(HEAD, NONE);
            rest = last.getOrDefault(REST, AFTER + NONE);
        }
        List<NewEntry> entries = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            Map<String, String> metadata = p.copy
                    ? Map.of(POSITION, Long.toString(p.position), HEAD, head, REST, rest, COPY, "head")
                    : Map.of(POSITION, Long.toString(p.position), HEAD, head, REST, rest);
            entries.add(new NewEntry(p.id, p.message.type().name(), p.json, metadata, MemoryDefaults.DEFAULT_IMPORTANCE));
        }
        for (int from = 0; from < entries.size(); from += MemoryDefaults.MAX_APPEND_BATCH) {
            memory.appendAll(session, entries.subList(from, Math.min(entries.size(), from + MemoryDefaults.MAX_APPEND_BATCH)));
        }
    }

    /** Where the conversation after the head starts, by the markers of the last entry: 0 when unknown. */
    private static int restStart(List<MemoryEntry> stored, Map<String, String> last) {
        String rest = last.getOrDefault(REST, AFTER + NONE);
        if (rest.startsWith(AT)) {
            return Math.max(0, indexOf(stored, rest.substring(AT.length())));
        }
        int after = indexOf(stored, rest.substring(AFTER.length()));
        return after + 1;
    }

    private static int indexOf(List<MemoryEntry> stored, String id) {
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static int find(List<MemoryEntry> stored, String json, int from) {
        for (int j = from; j < stored.size(); j++) {
            if (stored.get(j).content().equals(json)) {
                return j;
            }
        }
        return -1;
    }

    @Override
    public void deleteMessages(Object memoryId) {
        memory.clear(session(memoryId));
    }

    private SessionRef session(Object memoryId) {
        return scope.session(sessionId(memoryId));
    }

    private List<MemoryEntry> stored(SessionRef session) {
        return memory.recent(session, MemoryDefaults.SHORT_TERM_MAX_ENTRIES_LIMIT);
    }

    private static long position(MemoryEntry entry) {
        String p = entry.metadata().get(POSITION);
        return p == null ? 0 : Long.parseLong(p);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** A message about to be appended: its position in the conversation, its JSON and its deterministic id. */
    private static final class Pending {
        final long position;
        final String json;
        final ChatMessage message;
        final String id;
        final boolean copy;

        Pending(long position, String json, ChatMessage message, boolean copy) {
            this.position = position;
            this.json = json;
            this.message = message;
            this.copy = copy;
            this.id = "m" + sha256(position + "\n" + json).substring(0, 40);
        }
    }
}
