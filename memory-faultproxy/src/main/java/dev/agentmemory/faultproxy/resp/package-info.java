/**
 * {@link dev.agentmemory.faultproxy.resp.RespClient}: a plain RESP2 client for tests and test harnesses, which asks a
 * Redis server what an operator would ask with redis-cli, independently of the driver under test.
 */
@NullMarked
package dev.agentmemory.faultproxy.resp;

import org.jspecify.annotations.NullMarked;
