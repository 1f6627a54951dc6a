package io.eventcore;

/**
 * Identifier of an event stream.
 *
 * <p>A stream id is non-blank, at most {@value #MAX_LENGTH} characters long, contains no ISO
 * control characters and none of {@code * ? [ ]}, which are reserved for stream patterns.
 * Invalid ids are rejected at construction with an {@link IllegalArgumentException} whose message
 * names the rule that was broken.
 *
 * @param value the id as text
 */
public record StreamId(String value) implements Comparable<StreamId> {

    /** Maximum length of a stream id, in UTF-16 characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * Validates the id.
     *
     * @throws IllegalArgumentException if the id breaks one of the rules above
     */
    public StreamId {
        if (value == null) {
            throw new IllegalArgumentException("streamId must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("streamId must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "streamId must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "streamId must not contain control characters, found U+%04X at index %d"
                                .formatted((int) c, i));
            }
            if (c == '*' || c == '?' || c == '[' || c == ']') {
                throw new IllegalArgumentException(
                        "streamId must not contain '" + c + "' (reserved for stream patterns), at index " + i);
            }
        }
    }

    /**
     * Creates a stream id.
     *
     * @param value the id as text
     * @return the stream id
     * @throws IllegalArgumentException if the id is invalid
     */
    public static StreamId of(String value) {
        return new StreamId(value);
    }

    @Override
    public int compareTo(StreamId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
