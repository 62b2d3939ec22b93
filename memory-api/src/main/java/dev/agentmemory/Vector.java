package dev.agentmemory;

import java.util.Arrays;
import java.util.Locale;

/**
 * An embedding vector: an immutable sequence of {@code float} components, compared by value.
 *
 * <p>Every {@code Vector} is valid for similarity search: it has 1 to {@value MemoryDefaults#MAX_EMBEDDING_DIMENSION}
 * components, every component is finite, and at least one is not zero (the cosine similarity of an all-zero vector is
 * undefined). These rules are checked once, when the vector is created, so a {@link NewMemory} or a
 * {@link MemoryQuery} that holds a vector never checks it again. Whether the dimension fits a store is checked by the
 * store, against {@link LongTermMemory#dimension()}.
 *
 * <p>The components are copied in and copied out: neither the array given to {@link #of(float...)} nor the one
 * returned by {@link #toArray()} is shared with the vector. {@link #equals(Object)} and {@link #hashCode()} follow
 * {@link Arrays#equals(float[], float[])}: two vectors are equal when their components are, bit for bit.
 * {@link #toString()} shows the dimension and the first components only.
 *
 * <p>Immutable and thread-safe.
 */
public final class Vector {

    /** How many components {@link #toString()} shows. */
    private static final int SHOWN = 3;

    private final float[] components;

    private Vector(float[] components) {
        this.components = components;
    }

    /**
     * A vector of these components, copied.
     *
     * @param components the components: 1 to {@value MemoryDefaults#MAX_EMBEDDING_DIMENSION} of them, every one
     *     finite, not all zero
     * @return the vector
     * @throws InvalidMemoryRequestException if {@code components} is null or breaks a rule; the message names the rule
     *     and, for a component that is not finite, its index
     */
    public static Vector of(float... components) {
        return of("vector", Requests.notNull("vector", "components", components));
    }

    /** {@link #of(float...)} with the errors reported as a failure of {@code operation} ({@code store}, {@code search}). */
    static Vector of(String operation, float[] components) {
        return new Vector(Requests.vector(operation, components));
    }

    /**
     * The number of components.
     *
     * @return the dimension, 1 to {@value MemoryDefaults#MAX_EMBEDDING_DIMENSION}
     */
    public int dimension() {
        return components.length;
    }

    /**
     * One component.
     *
     * @param index the index, from 0 to {@code dimension() - 1}
     * @return the component at {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is negative or not less than {@link #dimension()}
     */
    public float get(int index) {
        return components[index];
    }

    /**
     * The components, in a new array that the caller may change without changing this vector.
     *
     * @return a copy of the components
     */
    public float[] toArray() {
        return components.clone();
    }

    /**
     * Whether {@code other} is a vector of the same components, compared as {@link Arrays#equals(float[], float[])}
     * does.
     *
     * @param other any object, or {@code null}
     * @return {@code true} if {@code other} is an equal vector
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Vector v && Arrays.equals(components, v.components);
    }

    /**
     * A hash of the components, as {@link Arrays#hashCode(float[])} computes it.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(components);
    }

    /**
     * The dimension and the first components, with four decimals: {@code Vector[384: 0.0123, -0.2210, 0.5000, ...]}.
     *
     * @return a short description that never lists every component of a long vector
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Vector[").append(components.length).append(':');
        int shown = Math.min(SHOWN, components.length);
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%.4f", components[i]));
        }
        return b.append(shown < components.length ? ", ...]" : "]").toString();
    }
}
