package dev.agentmemory;

/**
 * The tenant and agent that every memory operation runs inside. A read, search, delete or clear never sees
 * another scope's data, whatever ids it is given.
 *
 * <p>Both ids are 1 to {@value MemoryDefaults#MAX_ID_LENGTH} characters of {@code [A-Za-z0-9._:@-]}, checked
 * here, so no id can carry a Redis key pattern, a hash tag or SQL. Immutable and thread-safe.
 *
 * @param tenant the tenant, for example a customer or workspace id
 * @param agent the agent inside the tenant
 */
public record Scope(String tenant, String agent) {

    /**
     * Validates the ids.
     *
     * @param tenant the tenant, for example a customer or workspace id
     * @param agent the agent inside the tenant
     * @throws InvalidMemoryRequestException if an id is null, empty, too long or has a character outside the set
     */
    public Scope {
        Requests.id("Scope", "tenant", tenant);
        Requests.id("Scope", "agent", agent);
    }

    /**
     * The session {@code session} of this scope.
     *
     * @param session the session id, validated like the scope's ids
     * @return the session reference
     * @throws InvalidMemoryRequestException if the id is invalid
     */
    public SessionRef session(String session) {
        return new SessionRef(this, session);
    }
}
