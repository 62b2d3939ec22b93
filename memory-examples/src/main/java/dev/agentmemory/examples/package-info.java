/** The runnable demo: {@link dev.agentmemory.examples.ConversationDemo}. */
package dev.agentmemory.examples;
