package dev.agentmemory.springai;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;

/**
 * A {@link ShortTermMemory}, for one {@link Scope}, as Spring AI's {@link ChatMemoryRepository}: a conversation is a
 * session, and {@link #saveAll} appends only what is new instead of replacing the conversation.
 *
 * <p><b>Conversation ids.</b> A conversation id that is a valid session id (1 to 128 characters of
 * {@code [A-Za-z0-9._:@-]}), does not start with {@value #HASHED_PREFIX} and is not {@value #INDEX_SESSION} is the
 * session id; any other becomes {@value #HASHED_PREFIX} followed by the SHA-256 of its text in hex. The mapping is one
 * to one (short of a SHA-256 collision), so no conversation reaches another's session.
 *
 * <p><b>Entries.</b> A message is one entry: its content is the message as JSON (text, every metadata value with its
 * type, media, tool calls, tool responses), its role the message type, and its id derived from its position in the
 * conversation and its JSON. A message whose JSON is longer than the store's content limit (32,768 characters, media
 * bytes included as Base64) is rejected by the store with an {@code InvalidMemoryRequestException}; a metadata value
 * of a type the JSON cannot keep exactly (see {@link #saveAll}) with an {@link IllegalArgumentException}, before any
 * I/O.
 *
 * <p><b>saveAll</b> compares the given list with the stored conversation and appends only the messages that are new,
 * in one {@code appendAll}; every entry it appends records the window (which stored messages the conversation now
 * holds), and {@link #findByConversationId} returns the window of the newest entry. The window is: the system messages
 * that the list puts before its first other message (the head), then the stored conversation from the list's first
 * non-system message on, in the store's order, keeping only the system messages the list names. So:
 * <ul>
 *   <li>a repeated or retried call appends nothing (and the ids make a retry of a half-done append store nothing
 *       twice);</li>
 *   <li>{@code MessageWindowChatMemory}'s eviction (older messages dropped, system messages kept) and its replacement
 *       of the system message are recorded in the window without rewriting anything;</li>
 *   <li>a message another writer appended after this writer read the conversation stays in the window: two threads
 *       adding to one conversation through their {@code MessageWindowChatMemory} lose nothing;</li>
 *   <li>a list none of whose non-system messages is stored is taken for a writer that read the conversation before
 *       another wrote to it (two that started at once): it is appended to the stored window, which stays (call
 *       {@link #deleteByConversationId} first to start over);</li>
 *   <li>a list that the window cannot express (one that reorders stored messages or drops one from the middle) is
 *       stored as a new window: all of it is appended again, so that it reads back exactly as saved;</li>
 *   <li>a list that only drops messages from the front, or drops system messages, appends one small window marker
 *       and no message; a list that leaves out the newest stored messages is taken for a writer that read before they
 *       were appended, and they stay;</li>
 *   <li>an empty list deletes the conversation.</li>
 * </ul>
 * Messages are matched by their JSON: a message equal to a stored one (same type, text, metadata, media, tool calls)
 * is the stored one. Two writers appending the same message at the same position at the same time store it once: the
 * store cannot tell that from a retry. A head system message that falls behind the window is appended again (a copy),
 * so that the store's own trimming ({@code short-term.max-entries}) never removes it while the conversation is in use:
 * keep {@code short-term.max-entries} at least twice {@code MessageWindowChatMemory}'s {@code maxMessages}, plus a few.
 *
 * <p><b>Listing.</b> {@link ShortTermMemory} has no way to list sessions, so this repository keeps an index: a session
 * named {@value #INDEX_SESSION} in the same scope, to which every {@code saveAll} that writes appends the conversation
 * id (once per id: the append is idempotent, and it slides the index's time to live). {@link #findConversationIds}
 * returns the indexed conversations that still hold messages (one {@code size} call each). The index is a session like
 * any other: it keeps the newest {@code short-term.max-entries} conversations and expires after
 * {@code short-term.ttl} without writes, so a conversation that was neither written nor re-indexed within those bounds
 * is not listed (it is still readable by id).
 *
 * <p>Thread-safe as the underlying store is; the repository keeps no state of its own.
 */
public final class AgentMemoryChatMemoryRepository implements ChatMemoryRepository {

    /** The prefix of a session id made from a conversation id that is not a valid session id. */
    public static final String HASHED_PREFIX = "sha256:";
    /** The session, in the repository's scope, that indexes the conversation ids. */
    public static final String INDEX_SESSION = "spring-ai.conversations";

    static final String POSITION = "spring-ai.position";
    static final String HEAD = "spring-ai.head";
    static final String FROM = "spring-ai.from";
    static final String SYSTEM = "spring-ai.system";
    static final String MARKER_ROLE = "spring-ai-window";
    private static final String INDEX_ROLE = "conversation";
    private static final String AT = "at:";
    private static final String AFTER = "after:";
    private static final String NONE = "-";
    private static final int ID_HEX = 24;
    private static final int MAX_REFS = MemoryDefaults.MAX_METADATA_VALUE_LENGTH / (ID_HEX + 2);

    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MemoryDefaults.MAX_ID_LENGTH + "}");

    private final ShortTermMemory memory;
    private final Scope scope;

    /**
     * A chat memory repository over a short-term memory, for one scope.
     *
     * @param memory the store
     * @param scope the tenant and agent every conversation belongs to
     */
    public AgentMemoryChatMemoryRepository(ShortTermMemory memory, Scope scope) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /**
     * The session a conversation is stored in.
     *
     * @param conversationId Spring AI's conversation id
     * @return the session id: the id itself, or {@value #HASHED_PREFIX} and its SHA-256
     */
    public static String sessionId(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        if (VALID_ID.matcher(conversationId).matches() && !conversationId.startsWith(HASHED_PREFIX)
                && !conversationId.equals(INDEX_SESSION)) {
            return conversationId;
        }
        return HASHED_PREFIX + sha256(conversationId);
    }

    /**
     * The conversations of this scope that hold messages: see the class comment for the index's bounds.
     *
     * @return the conversation ids, in the order they were first indexed
     */
    @Override
    public List<String> findConversationIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (MemoryEntry entry : memory.recent(scope.session(INDEX_SESSION), MemoryDefaults.SHORT_TERM_MAX_ENTRIES_LIMIT)) {
            ids.add(entry.content());
        }
        List<String> live = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (memory.size(session(id)) > 0) {
                live.add(id);
            }
        }
        return live;
    }

    @Override
    public List<Message> findByConversationId(String conversationId) {
        List<Row> stored = stored(session(conversationId));
        List<Message> messages = new ArrayList<>();
        for (int i : window(stored, stored.isEmpty() ? Map.of() : stored.get(stored.size() - 1).metadata())) {
            messages.add(MessageCodec.decode(stored.get(i).content()));
        }
        return messages;
    }

    /**
     * Makes the conversation hold the given messages, appending only the new ones (see the class comment).
     *
     * @param conversationId the conversation
     * @param messages the whole conversation as it should now read; empty deletes it
     * @throws IllegalArgumentException if a message is null, is not one of Spring AI's four message classes, or has a
     *     metadata value that is not a String, Boolean, Integer, Long, Short, Byte, Double, Float (finite), BigInteger,
     *     BigDecimal, UUID, Instant, MessageType, or a List or a Map (String keys) of these; or if the conversation would
     *     keep more than 39 system messages before its first other message, or 39 after it; nothing is stored then
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        SessionRef session = session(conversationId);
        if (messages.isEmpty()) {
            memory.clear(session);
            return;
        }
        List<String> json = new ArrayList<>(messages.size());
        List<Boolean> system = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (message == null) {
                throw new IllegalArgumentException("messages must not contain null");
            }
            json.add(MessageCodec.encode(message));
            system.add(message.getMessageType() == MessageType.SYSTEM);
        }
        List<Row> stored = stored(session);
        List<NewEntry> entries = plan(stored, json, system, messages);
        if (entries.isEmpty()) {
            return;
        }
        memory.append(scope.session(INDEX_SESSION), new NewEntry("c" + sha256(conversationId).substring(0, ID_HEX),
                INDEX_ROLE, conversationId, Map.of(), MemoryDefaults.DEFAULT_IMPORTANCE));
        for (int from = 0; from < entries.size(); from += MemoryDefaults.MAX_APPEND_BATCH) {
            memory.appendAll(session, entries.subList(from, Math.min(entries.size(), from + MemoryDefaults.MAX_APPEND_BATCH)));
        }
    }

    @Override
    public void deleteByConversationId(String conversationId) {
        memory.clear(session(conversationId));
    }

    /** The entries to append so that the window reads as the given list; empty when it already does. */
    private static List<NewEntry> plan(List<Row> stored, List<String> json, List<Boolean> system,
            List<Message> messages) {
        Map<String, String> last = stored.isEmpty() ? Map.of() : stored.get(stored.size() - 1).metadata();
        List<Integer> window = window(stored, last);
        long next = 0;
        for (Row e : stored) {
            next = Math.max(next, position(e) + 1);
        }
        // Non-system messages: the longest prefix of the list's that ends the window's (the usual case: eviction
        // drops from the front, new messages follow), else the list's matched in order against the whole store from
        // the start that matches most (a writer that read before another appended or moved the window, or a list that
        // dropped a message from the middle).
        List<Integer> listNs = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            if (!system.get(i)) {
                listNs.add(i);
            }
        }
        List<Integer> windowNs = new ArrayList<>();
        for (int i : window) {
            if (!isSystem(stored.get(i))) {
                windowNs.add(i);
            }
        }
        Map<Integer, Integer> matched = new HashMap<>(); // list index -> stored index
        int k = suffixOverlap(stored, windowNs, json, listNs);
        if (k > 0) {
            for (int j = 0; j < k; j++) {
                matched.put(listNs.get(j), windowNs.get(windowNs.size() - k + j));
            }
        } else {
            List<Integer> allNs = new ArrayList<>();
            for (int i = 0; i < stored.size(); i++) {
                if (!isMarker(stored.get(i)) && !isSystem(stored.get(i))) {
                    allNs.add(i);
                }
            }
            matched.putAll(longestSubsequence(stored, allNs, json, listNs));
        }
        // System messages: the stored one with the same JSON, in the window first, newest first.
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < json.size(); i++) {
            if (system.get(i)) {
                int found = findSystem(stored, window, json.get(i), used);
                if (found < 0) {
                    List<Integer> all = new ArrayList<>();
                    for (int s = 0; s < stored.size(); s++) {
                        all.add(s);
                    }
                    found = findSystem(stored, all, json.get(i), used);
                }
                if (found >= 0) {
                    used.add(found);
                    matched.put(i, found);
                }
            }
        }
        int firstNs = listNs.isEmpty() ? json.size() : listNs.get(0);
        if (!windowNs.isEmpty() && !listNs.isEmpty() && !matched.containsKey(firstNs)) {
            // None of the list's conversation is stored: a writer that read the conversation before another wrote it
            // (both started at once). Its list is appended to the stored window, which stays.
            return extend(json, system, messages, matched, firstNs, last, next);
        }
        // A head system message farther from the end of the log than twice the list's length is appended again, so
        // that the store's trimming (which drops the oldest entries) never reaches it while the conversation goes on.
        int refreshBefore = stored.size() - 2 * json.size();
        List<NewEntry> plan = build(stored, json, system, messages, matched, firstNs, refreshBefore, next);
        if (plan != null) {
            return plan;
        }
        // A new window: all of the list again, which always reads as the list.
        List<NewEntry> rewrite = build(stored, json, system, messages, Map.of(), firstNs, -1, next);
        if (rewrite == null) {
            throw new IllegalStateException("a rewritten window does not read as its list");
        }
        return rewrite;
    }

    /** The list's new messages appended to the stored window, whose start stays where it is. */
    private static List<NewEntry> extend(List<String> json, List<Boolean> system, List<Message> messages,
            Map<Integer, Integer> matched, int firstNs, Map<String, String> last, long next) {
        List<String> headIds = new ArrayList<>(ids(last.getOrDefault(HEAD, NONE)));
        Set<String> systemIds = new TreeSet<>(ids(last.getOrDefault(SYSTEM, NONE)));
        List<Integer> fresh = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            if (matched.containsKey(i)) {
                ids.add(null);
                positions.add(-1L);
                continue;
            }
            long p = next++;
            String id = entryId(p, json.get(i));
            ids.add(id);
            positions.add(p);
            fresh.add(i);
            if (system.get(i)) {
                if (i < firstNs) {
                    headIds.add(id);
                } else {
                    systemIds.add(id);
                }
            }
        }
        checkRefs(headIds.size(), systemIds.size());
        Map<String, String> descriptor = Map.of(HEAD, refs(headIds), FROM, last.getOrDefault(FROM, AFTER + NONE),
                SYSTEM, refs(new ArrayList<>(systemIds)));
        List<NewEntry> entries = new ArrayList<>(fresh.size());
        for (int i : fresh) {
            Map<String, String> meta = new HashMap<>(descriptor);
            meta.put(POSITION, Long.toString(positions.get(i)));
            entries.add(new NewEntry(ids.get(i), messages.get(i).getMessageType().getValue(), json.get(i), meta,
                    MemoryDefaults.DEFAULT_IMPORTANCE));
        }
        return entries;
    }

    private static void checkRefs(int head, int system) {
        if (head > MAX_REFS || system > MAX_REFS) {
            throw new IllegalArgumentException("a conversation keeps at most " + MAX_REFS
                    + " system messages before its first other message and " + MAX_REFS + " after it; got "
                    + head + " and " + system);
        }
    }

    /**
     * The entries for one interpretation of the list (which list messages are which stored entries), or null when the
     * window that they would make does not read back as the list.
     */
    private static @Nullable List<NewEntry> build(List<Row> stored, List<String> json, List<Boolean> system,
            List<Message> messages, Map<Integer, Integer> matched, int firstNs, int refreshBefore, long next) {
        List<String> ids = new ArrayList<>(json.size());
        List<Long> positions = new ArrayList<>(json.size());
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            Integer at = matched.get(i);
            boolean head = system.get(i) && i < firstNs;
            if (at != null && !(head && at < refreshBefore)) {
                ids.add(stored.get(at).id());
                positions.add(-1L);
            } else {
                long p = next++;
                ids.add(entryId(p, json.get(i)));
                positions.add(p);
                fresh.add(i);
            }
        }
        List<String> headIds = new ArrayList<>();
        Set<String> systemIds = new TreeSet<>();
        for (int i = 0; i < json.size(); i++) {
            if (system.get(i)) {
                if (i < firstNs) {
                    headIds.add(ids.get(i));
                } else {
                    systemIds.add(ids.get(i));
                }
            }
        }
        // The window starts at the list's first stored message, else after everything stored when this writer read:
        // never at an entry it is about to append, since another writer may append between its read and its append,
        // and what that writer appended must stay in the window.
        String from;
        if (firstNs < json.size() && matched.containsKey(firstNs)) {
            from = AT + ids.get(firstNs);
        } else {
            from = AFTER + (stored.isEmpty() ? NONE : stored.get(stored.size() - 1).id());
        }
        checkRefs(headIds.size(), systemIds.size());
        Map<String, String> descriptor = Map.of(HEAD, refs(headIds), FROM, from, SYSTEM, refs(new ArrayList<>(systemIds)));
        List<NewEntry> entries = new ArrayList<>(fresh.size());
        List<Row> after = new ArrayList<>(stored);
        for (int i : fresh) {
            Map<String, String> meta = new HashMap<>(descriptor);
            meta.put(POSITION, Long.toString(positions.get(i)));
            NewEntry entry = new NewEntry(ids.get(i), messages.get(i).getMessageType().getValue(), json.get(i), meta,
                    MemoryDefaults.DEFAULT_IMPORTANCE);
            entries.add(entry);
            after.add(Row.of(entry));
        }
        if (entries.isEmpty()) {
            if (readsAs(stored, stored, json, system, matched)) {
                return List.of(); // the stored window already reads as the list: a repeated or retried call
            }
            long p = next;
            Map<String, String> meta = new HashMap<>(descriptor);
            meta.put(POSITION, Long.toString(p));
            NewEntry marker = new NewEntry("w" + sha256(p + "\n" + descriptor.get(HEAD) + "\n" + from + "\n"
                    + descriptor.get(SYSTEM)).substring(0, ID_HEX), MARKER_ROLE, "window", meta,
                    MemoryDefaults.DEFAULT_IMPORTANCE);
            entries.add(marker);
            after.add(Row.of(marker));
        }
        return readsAs(stored, after, json, system, matched) ? entries : null;
    }

    /**
     * Whether the window of {@code after} (the stored entries and those about to be appended), less the messages other
     * writers appended after this list's last stored one, reads as the list.
     */
    private static boolean readsAs(List<Row> stored, List<Row> after, List<String> json, List<Boolean> system,
            Map<Integer, Integer> matched) {
        int lastMatched = -1;
        for (Map.Entry<Integer, Integer> e : matched.entrySet()) {
            if (!system.get(e.getKey())) {
                lastMatched = Math.max(lastMatched, e.getValue());
            }
        }
        Set<Integer> matchedStored = new HashSet<>(matched.values());
        List<String> read = new ArrayList<>();
        for (int i : window(after, after.get(after.size() - 1).metadata())) {
            boolean foreign = i < stored.size() && i > lastMatched && !isSystem(stored.get(i))
                    && !matchedStored.contains(i);
            if (!foreign) {
                read.add(after.get(i).content());
            }
        }
        return read.equals(json);
    }

    /** The indices of the stored entries that the window of the given descriptor holds, in reading order. */
    private static List<Integer> window(List<Row> stored, Map<String, String> last) {
        List<Integer> out = new ArrayList<>();
        if (stored.isEmpty()) {
            return out;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            index.put(stored.get(i).id(), i);
        }
        Set<Integer> head = new HashSet<>();
        for (String id : ids(last.getOrDefault(HEAD, NONE))) {
            Integer i = index.get(id);
            if (i != null) {
                out.add(i);
                head.add(i);
            }
        }
        Set<String> system = new HashSet<>(ids(last.getOrDefault(SYSTEM, NONE)));
        String from = last.getOrDefault(FROM, AFTER + NONE);
        int start;
        if (from.startsWith(AT)) {
            start = index.getOrDefault(from.substring(AT.length()), 0);
        } else {
            start = index.getOrDefault(from.substring(AFTER.length()), -1) + 1;
        }
        for (int i = start; i < stored.size(); i++) {
            Row e = stored.get(i);
            if (isMarker(e) || head.contains(i) || (isSystem(e) && !system.contains(e.id()))) {
                continue;
            }
            out.add(i);
        }
        return out;
    }

    /** The largest k such that the last k window messages are the list's first k non-system messages. */
    private static int suffixOverlap(List<Row> stored, List<Integer> windowNs, List<String> json,
            List<Integer> listNs) {
        for (int k = Math.min(windowNs.size(), listNs.size()); k > 0; k--) {
            boolean same = true;
            for (int j = 0; j < k && same; j++) {
                same = stored.get(windowNs.get(windowNs.size() - k + j)).content().equals(json.get(listNs.get(j)));
            }
            if (same) {
                return k;
            }
        }
        return 0;
    }

    /**
     * The list's non-system messages matched, in order, against the stored ones from the start that matches the most
     * of them (the latest start on a tie); matching stops at the first message not found after the one before it.
     * Returns list index to stored index.
     */
    private static Map<Integer, Integer> longestSubsequence(List<Row> stored, List<Integer> candidates,
            List<String> json, List<Integer> listNs) {
        Map<Integer, Integer> best = new HashMap<>();
        if (listNs.isEmpty()) {
            return best;
        }
        String first = json.get(listNs.get(0));
        for (int s = candidates.size() - 1; s >= 0; s--) {
            if (!stored.get(candidates.get(s)).content().equals(first)) {
                continue;
            }
            Map<Integer, Integer> match = new HashMap<>();
            int c = s;
            for (int j = 0; j < listNs.size() && c < candidates.size(); j++) {
                String wanted = json.get(listNs.get(j));
                while (c < candidates.size() && !stored.get(candidates.get(c)).content().equals(wanted)) {
                    c++;
                }
                if (c == candidates.size()) {
                    break;
                }
                match.put(listNs.get(j), candidates.get(c));
                c++;
            }
            if (match.size() > best.size()) {
                best = match;
            }
        }
        return best;
    }

    private static int findSystem(List<Row> stored, List<Integer> among, String json, Set<Integer> used) {
        for (int j = among.size() - 1; j >= 0; j--) {
            int i = among.get(j);
            Row e = stored.get(i);
            if (!used.contains(i) && isSystem(e) && e.content().equals(json)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSystem(Row e) {
        return e.role().equals(MessageType.SYSTEM.getValue());
    }

    private static boolean isMarker(Row e) {
        return e.role().equals(MARKER_ROLE);
    }

    private static String refs(List<String> ids) {
        return ids.isEmpty() ? NONE : String.join(",", ids);
    }

    private static List<String> ids(String refs) {
        return refs.equals(NONE) ? List.of() : List.of(refs.split(","));
    }

    private SessionRef session(String conversationId) {
        return scope.session(sessionId(conversationId));
    }

    private List<Row> stored(SessionRef session) {
        List<MemoryEntry> entries = memory.recent(session, MemoryDefaults.SHORT_TERM_MAX_ENTRIES_LIMIT);
        List<Row> rows = new ArrayList<>(entries.size());
        for (MemoryEntry e : entries) {
            rows.add(new Row(e.id(), e.role(), e.content(), e.metadata()));
        }
        return rows;
    }

    /** What the window logic needs of a stored entry, or of one about to be appended. */
    private record Row(String id, String role, String content, Map<String, String> metadata) {
        static Row of(NewEntry e) {
            return new Row(e.id(), e.role(), e.content(), e.metadata());
        }
    }

    private static long position(Row entry) {
        String p = entry.metadata().get(POSITION);
        return p == null ? 0 : Long.parseLong(p);
    }

    private static String entryId(long position, String json) {
        return "m" + sha256(position + "\n" + json).substring(0, ID_HEX);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
