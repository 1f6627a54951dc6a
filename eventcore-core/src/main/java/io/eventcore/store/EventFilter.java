package io.eventcore.store;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which events a read of the global log returns. Stores apply the filter before the limit.
 *
 * @param eventTypes stored type names to include; empty means every type
 * @param streamPrefix only streams whose id starts with this text (not contains), if set
 * @param streamPattern only streams whose id matches this glob, if set: {@code *} any run of
 *     characters, {@code ?} one character, {@code [0-9]} or {@code [abc]} one character of a set
 */
public record EventFilter(Set<String> eventTypes, @Nullable String streamPrefix, @Nullable String streamPattern) {

    /** Everything. */
    public static final EventFilter ALL = new EventFilter(Set.of(), null, null);

    /** Validates the filter. */
    public EventFilter {
        eventTypes = Set.copyOf(Objects.requireNonNull(eventTypes, "eventTypes must not be null"));
        if (streamPattern != null) {
            globToRegex(streamPattern);
        }
    }

    /**
     * Events of these types only.
     *
     * @param types stored type names
     * @return the filter
     */
    public static EventFilter types(String... types) {
        return new EventFilter(Set.of(types), null, null);
    }

    /**
     * Events of streams whose id starts with {@code prefix}.
     *
     * @param prefix the prefix
     * @return the filter
     */
    public static EventFilter streamPrefix(String prefix) {
        return new EventFilter(Set.of(), prefix, null);
    }

    /**
     * Events of streams whose id matches a glob.
     *
     * @param glob the pattern
     * @return the filter
     */
    public static EventFilter streamPattern(String glob) {
        return new EventFilter(Set.of(), null, glob);
    }

    /**
     * This filter restricted further to the given types.
     *
     * @param types stored type names
     * @return the new filter
     */
    public EventFilter withTypes(Set<String> types) {
        return new EventFilter(types, streamPrefix, streamPattern);
    }

    /**
     * Whether an event passes the filter. Stores that cannot push the filter into their query use
     * this.
     *
     * @param streamId the event's stream id
     * @param type the event's stored type name
     * @return {@code true} if the event passes
     */
    public boolean matches(String streamId, String type) {
        return (eventTypes.isEmpty() || eventTypes.contains(type))
                && (streamPrefix == null || streamId.startsWith(streamPrefix))
                && (streamPattern == null || globToRegex(streamPattern).matcher(streamId).matches());
    }

    /**
     * Translates a glob into an anchored regular expression.
     *
     * @param glob the glob
     * @return the compiled pattern
     * @throws IllegalArgumentException if a {@code [} is not closed
     */
    public static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("streamPattern has an unclosed '[' at index " + i + ": " + glob);
                    }
                    regex.append('[');
                    for (int j = i + 1; j < end; j++) {
                        char s = glob.charAt(j);
                        if (s == '\\' || s == '^' || s == '[' || s == '&') {
                            regex.append('\\');
                        }
                        regex.append(s);
                    }
                    regex.append(']');
                    i = end;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
