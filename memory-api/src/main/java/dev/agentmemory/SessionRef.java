package dev.agentmemory;


/**
 * One conversation of an agent: the unit of short-term memory. Immutable and thread-safe.
 *
 * @param scope the tenant and agent the session belongs to
 * @param session the session id, 1 to {@value MemoryDefaults#MAX_ID_LENGTH} characters of {@code [A-Za-z0-9._:@-]}
 */
public record SessionRef(Scope scope, String session) {

    /**
     * Validates the session id.
     *
     * @param scope the tenant and agent the session belongs to
     * @param session the session id, 1 to {@value MemoryDefaults#MAX_ID_LENGTH} characters of {@code [A-Za-z0-9._:@-]}
     * @throws InvalidMemoryRequestException if the scope is null or the session id is invalid
     */
    public SessionRef {
        if (scope == null) {
            throw Requests.invalid("SessionRef", "scope must not be null");
        }
        Requests.id("SessionRef", "session", session);
    }

    /**
     * Shorthand for {@code new SessionRef(new Scope(tenant, agent), session)}.
     *
     * @param tenant the tenant id
     * @param agent the agent id
     * @param session the session id
     * @return the session reference
     * @throws InvalidMemoryRequestException if an id is invalid
     */
    public static SessionRef of(String tenant, String agent, String session) {
        return new SessionRef(new Scope(tenant, agent), session);
    }
}
