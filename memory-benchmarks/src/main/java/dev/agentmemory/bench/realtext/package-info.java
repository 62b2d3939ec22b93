/**
 * Search quality on real text: a corpus made at run time from the machine's manual pages (the NAME summary as the
 * query, the DESCRIPTION as the document), embedded once with the offline all-MiniLM-L6-v2 model and cached under
 * {@code target/realtext}; the ANN design study over its vectors; and the {@code realtext} part of
 * {@code bin/bench}, which measures every search mode of the PostgreSQL provider on it.
 */
@NullMarked
package dev.agentmemory.bench.realtext;

import org.jspecify.annotations.NullMarked;
