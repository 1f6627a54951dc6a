package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.StreamId;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prefix and glob filters evaluated by PostgreSQL select exactly the streams that
 * {@link EventFilter#matches} selects, whatever LIKE or regular-expression metacharacters the ids
 * and patterns contain.
 */
class PostgresFilterIntegrationTests {

    private static final List<String> IDS = List.of(
            "a.b", "axb", "a+b", "aab", "a(b)", "a%b", "a_b", "a\\b", "a$b", "a^b", "a{1}", "a|b", "ab", "a",
            "b-1", "ä-1", "ä-12", "x.y.z", "order-7", "order-77", "a&b", "a-b");

    private static String schema = "";
    private static PostgresEventStore store;

    @BeforeAll
    static void writeStreams() {
        schema = TestDatabase.get().createSchema(PostgresFilterIntegrationTests.class);
        store = store(TestDatabase.get().dataSource(), schema).build();
        store.initializeSchema();
        for (String id : IDS) {
            store.append(note(StreamId.of(id), 0, id));
        }
    }

    @AfterAll
    static void dropSchema() {
        store.close();
        TestDatabase.get().dropSchema(schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a+*", "a(*", "a%*", "a_b", "a\\*", "a$b", "a^*", "a{1}", "a|b", "?-1", "[ä]-?",
        "[a-b]-1", "a[.x]b", "*.*.*", "order-?", "order-*", "[!a]*", "a[&]b", "a[^]b", "a?b", "*"})
    void globSelectsTheSameStreamsAsEventFilterMatches(String glob) {
        assertSameAsMatches(EventFilter.streamPattern(glob));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%", "a_", "a\\", "a.", "ä", "order-7", "a$", "A"})
    void prefixSelectsTheSameStreamsAsEventFilterMatches(String prefix) {
        assertSameAsMatches(EventFilter.streamPrefix(prefix));
    }

    private static void assertSameAsMatches(EventFilter filter) {
        List<String> expected = IDS.stream().filter(id -> filter.matches(id, "test-noted")).toList();

        List<String> selected = store.readAll(0, filter, 1000).stream()
                .map(EventEnvelope::streamId).map(StreamId::value).toList();

        assertThat(selected).containsExactlyElementsOf(expected);
    }
}
