package io.eventcore.store;

/**
 * The version a stream must be at for an append to succeed.
 *
 * <p>Versions are 1-based and gap-free per stream; a stream without events is at version 0.
 */
public sealed interface ExpectedVersion {

    /**
     * The stream must be exactly at {@code version}.
     *
     * @param version the expected version, 0 for a stream without events
     * @return the expectation
     * @throws IllegalArgumentException if {@code version} is negative
     */
    static ExpectedVersion exact(long version) {
        return new Exact(version);
    }

    /**
     * The stream must have no events yet.
     *
     * @return the expectation
     */
    static ExpectedVersion noStream() {
        return Exact.NO_STREAM;
    }

    /**
     * No check: events are appended after whatever the stream holds (blind append).
     *
     * @return the expectation
     */
    static ExpectedVersion any() {
        return Any.INSTANCE;
    }

    /**
     * Whether a stream at {@code actual} satisfies this expectation.
     *
     * @param actual the stream's current version
     * @return {@code true} if an append may proceed
     */
    boolean matches(long actual);

    /** Exact version expectation. @param version the expected version */
    record Exact(long version) implements ExpectedVersion {

        static final Exact NO_STREAM = new Exact(0);

        /** Validates the version. */
        public Exact {
            if (version < 0) {
                throw new IllegalArgumentException("expected version must be at least 0, was " + version);
            }
        }

        @Override
        public boolean matches(long actual) {
            return actual == version;
        }

        @Override
        public String toString() {
            return Long.toString(version);
        }
    }

    /** No expectation. */
    enum Any implements ExpectedVersion {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean matches(long actual) {
            return true;
        }

        @Override
        public String toString() {
            return "any";
        }
    }
}
