/**
 * {@code bin/demo --spring-ai}: a Spring Boot application that gets agentmemory's stores, Spring AI's chat memory
 * and vector store, health and metrics from memory-spring-boot-starter and properties alone.
 */
@NullMarked
package dev.agentmemory.examples.spring;

import org.jspecify.annotations.NullMarked;
