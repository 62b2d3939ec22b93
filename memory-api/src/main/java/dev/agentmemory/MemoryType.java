package dev.agentmemory;

/** What kind of long-term memory a {@link Memory} is, after the usual taxonomy of agent memory. */
public enum MemoryType {
    /** Something that happened: a conversation, an event, an outcome. */
    EPISODIC,
    /** A fact or a preference: "the user prefers window seats". */
    SEMANTIC,
    /** How to do something: a procedure, a tool-use recipe. */
    PROCEDURAL
}
