package dev.agentmemory.bench.redis;

import dev.agentmemory.NewEntry;
import java.util.Map;

/**
 * The conversation turns every Redis benchmark writes: {@value #CONTENT_LENGTH} bytes of ASCII text each, role
 * {@value #ROLE}, no metadata, importance 0.5, so that the provider, the raw floor and the full-rewrite store all
 * carry the same text. Stateless.
 */
public final class Turns {

    /** Bytes of content per turn (ASCII, so also characters). */
    public static final int CONTENT_LENGTH = 200;
    /** The role of every turn. */
    public static final String ROLE = "user";
    /** The importance of every turn. */
    public static final double IMPORTANCE = 0.5;

    private static final String WORDS = "the agent remembers what the user said about the trip to lisbon and the "
            + "budget for the hotel near the river, the museum tickets, the train times and the weather forecast ";

    private Turns() {
    }

    /**
     * @param n which turn; turns differ in their first characters
     * @return exactly {@value #CONTENT_LENGTH} characters of text
     */
    public static String content(long n) {
        String head = "turn " + n + ": ";
        StringBuilder b = new StringBuilder(CONTENT_LENGTH).append(head);
        int from = (int) (Math.floorMod(n, 37L));
        while (b.length() < CONTENT_LENGTH) {
            b.append(WORDS, from, WORDS.length());
            from = 0;
        }
        b.setLength(CONTENT_LENGTH);
        return b.toString();
    }

    /**
     * @param id the entry id
     * @param n which turn
     * @return the turn as the API's {@link NewEntry}
     */
    public static NewEntry entry(String id, long n) {
        return new NewEntry(id, ROLE, content(n), Map.of(), IMPORTANCE);
    }

    /**
     * The body the Redis provider sends for a turn (its {@code EntryEncoding.body}, version 1):
     * {@code importance ";" len ":" role len ":" content count ";"}. The raw floor sends the same bytes.
     *
     * @param content the content
     * @return the body
     */
    public static String body(String content) {
        return IMPORTANCE + ";" + ROLE.length() + ":" + ROLE + content.length() + ":" + content + "0;";
    }
}
