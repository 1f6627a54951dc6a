package io.eventcore.sample.account;

import io.eventcore.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * Identifier of an account, chosen by the client when it opens the account. The account's events
 * live in the stream {@code account-<id>}, so an id follows the {@link StreamId} rules: not blank,
 * at most {@value #MAX_LENGTH} characters, no control characters and none of {@code * ? [ ]}.
 *
 * @param value the id as text
 */
public record AccountId(String value) implements Comparable<AccountId> {

    /** Prefix of every account stream. */
    public static final String STREAM_PREFIX = "account-";

    /** Longest id whose stream id still fits {@link StreamId#MAX_LENGTH}. */
    public static final int MAX_LENGTH = StreamId.MAX_LENGTH - STREAM_PREFIX.length();

    /**
     * Validates the id.
     *
     * @throws IllegalArgumentException if the id breaks a rule; the message starts with
     *     {@code accountId} and names the rule
     */
    public AccountId {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("accountId " + problem);
        }
    }

    /**
     * Creates an account id.
     *
     * @param value the id as text
     * @return the id
     * @throws IllegalArgumentException if the id breaks a rule
     */
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    /**
     * The account id behind a stream id, if the stream is an account stream.
     *
     * @param stream a stream id
     * @return the account id, or {@code null} for any other stream (or one whose suffix is no valid id)
     */
    public static @Nullable AccountId fromStream(StreamId stream) {
        String id = stream.value();
        if (!id.startsWith(STREAM_PREFIX)) {
            return null;
        }
        String value = id.substring(STREAM_PREFIX.length());
        return problem(value) == null ? new AccountId(value) : null;
    }

    /**
     * What is wrong with a candidate id, for validators that report instead of throwing.
     *
     * @param value the candidate
     * @return the broken rule, phrased to follow the field name ("must not be blank"), or
     *     {@code null} if the id is valid
     */
    public static @Nullable String problem(@Nullable String value) {
        if (value == null) {
            return "must not be null";
        }
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + value.length();
        }
        try {
            // One source of truth for the rules: the stream id the account is stored under.
            new StreamId(value);
            return null;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            return message.startsWith("streamId ") ? message.substring("streamId ".length()) : message;
        }
    }

    /** @return the stream holding this account's events */
    public StreamId streamId() {
        return StreamId.of(STREAM_PREFIX + value);
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
