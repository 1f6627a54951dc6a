package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.noted;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.StreamRead;
import io.eventcore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing on the append or stream-read path scans more as the log grows: on a table of two million
 * events, the store's own statements (as generic prepared plans, the way the driver runs them
 * after a few executions) reach events and streams only through indexes. The plans are printed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresQueryPlanIntegrationTests {

    private static final int EVENTS = 2_000_000;
    private static final int STREAMS = 100_000;

    private static String schema = "";
    private static PostgresEventStore store;

    @BeforeAll
    static void fillLog() {
        schema = TestDatabase.get().createSchema(PostgresQueryPlanIntegrationTests.class);
        store = store(TestDatabase.get().dataSource(), schema).build();
        store.initializeSchema();
        TestDatabase.get().execute("""
                SET synchronous_commit = off;
                INSERT INTO %1$s.eventcore_events (position, stream_id, version, event_id, event_type, payload)
                SELECT g, 'stream-' || ((g - 1) %% %2$d), (g - 1) / %2$d + 1, gen_random_uuid(),
                       CASE WHEN g %% 10 = 0 THEN 'test-deposited' ELSE 'test-noted' END, '{"text": "x"}'
                FROM generate_series(1, %3$d) AS g;
                INSERT INTO %1$s.eventcore_streams (stream_id, version)
                SELECT 'stream-' || s, %3$d / %2$d FROM generate_series(0, %2$d - 1) AS s;
                UPDATE %1$s.eventcore_position SET last = %3$d;
                ANALYZE %1$s.eventcore_events;
                ANALYZE %1$s.eventcore_streams;
                """.formatted(schema, STREAMS, EVENTS));
    }

    @AfterAll
    static void dropSchema() {
        store.close();
        TestDatabase.get().dropSchema(schema);
    }

    @Test
    void streamReadUsesTheStreamVersionIndex() throws SQLException {
        String plan = plan(store, PostgresEventStore.READ_STREAM_SQL, "'stream-42'", "0", "1000");

        assertThat(plan).contains("Index Scan using eventcore_events_stream_version_uk").doesNotContain("Seq Scan");
    }

    @Test
    void multiStreamReadUsesTheStreamVersionIndexPerStream() throws SQLException {
        String plan = plan(store, PostgresEventStore.READ_STREAMS_SQL,
                "'{stream-1,stream-2}'", "'{0,5}'", "1000", "1000");

        assertThat(plan).contains("Index Scan using eventcore_events_stream_version_uk").doesNotContain("Seq Scan");
    }

    @Test
    void streamVersionsWithTheCounterWalkTheStreamVersionIndexBackwards() throws SQLException {
        String plan = plan(store, PostgresEventStore.STREAM_VERSIONS_SQL, "'{stream-1,stream-2}'");

        assertThat(plan).containsPattern(backwardsOn("eventcore_events_stream_version_uk"))
                .doesNotContain("Seq Scan");
    }

    @Test
    void movingTheCounterAboveTheLogReadsOnlyTheLastPosition() throws SQLException {
        String plan = plan(store, PostgresEventStore.COUNTER_ABOVE_EVERY_POSITION_SQL);

        assertThat(plan).containsPattern(backwardsOn("eventcore_events_pk"))
                .doesNotContain("Seq Scan on eventcore_events");
    }

    @Test
    void lockingTheStreamsWithParallelCommitsGoesThroughTheStreamsPrimaryKey() throws SQLException {
        String plan = plan(store, PostgresEventStore.LOCK_STREAMS_SQL, "'{stream-1,stream-2}'");

        assertThat(plan).contains("Conflict Arbiter Indexes: eventcore_streams_pk").doesNotContain("Seq Scan");
    }

    @Test
    void appendStatementsTouchEventsAndStreamsOnlyThroughIndexes() throws SQLException {
        assertAppendsUseIndexesOnly(store);
    }

    @Test
    void appendStatementsPlannedOnAnEmptyStreamsTableStillGoThroughItsKey() throws SQLException {
        // A connection keeps its generic plan while the table grows: planned on a new deployment's
        // empty table, a join on the streams became a scan of the whole table on every append.
        String empty = TestDatabase.get().createSchema(PostgresQueryPlanIntegrationTests.class);
        try (PostgresEventStore fresh = store(TestDatabase.get().dataSource(), empty).build()) {
            fresh.initializeSchema();
            assertAppendsUseIndexesOnly(fresh);
            assertThat(plan(fresh, PostgresEventStore.VISIBLE_HEAD_POSITION_SQL)).doesNotContain("Seq Scan");
        } finally {
            TestDatabase.get().dropSchema(empty);
        }
    }

    @ParameterizedTest(name = "parallel commits {0}")
    @ValueSource(booleans = {false, true})
    void statementsOfOneStreamAtATimeRunOnGenericPlans(boolean parallelCommits) throws SQLException {
        // With the counter, arrays of one stream made a plan for those parameters look cheaper than
        // the generic one: left to choose, PostgreSQL planned each such append anew.
        String fresh = TestDatabase.get().createSchema(PostgresQueryPlanIntegrationTests.class);
        try (Connection connection = TestDataSources.rawConnection()) {
            try (PostgresEventStore lone = store(TestDataSources.shared(connection), fresh)
                    .parallelCommits(parallelCommits).build()) {
                lone.initializeSchema();
                StreamId stream = StreamId.of("lone-1");
                StreamId blind = StreamId.of("lone-2");
                for (int version = 0; version < 20; version++) {
                    lone.append(note(stream, version, "exact " + version));
                    lone.append(AppendRequest.of(blind, ExpectedVersion.any(), List.of(noted(blind, "any " + version))));
                    lone.readStreams(List.of(StreamRead.all(stream), StreamRead.all(blind)), event -> { });
                }
            }
            Map<String, long[]> plans = new TreeMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")) {
                while (rs.next()) {
                    plans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            Map<String, Predicate<String>> kinds = Map.of(
                    "the one round trip", sql -> sql.contains("expect_versions"),
                    "the second of two round trips", sql -> sql.contains("INSERT INTO") && sql.contains("eventcore_events")
                            && !sql.contains("expect_versions"),
                    "the first of two round trips", parallelCommits
                            ? sql -> sql.contains("DO UPDATE SET version = s.version")
                            : sql -> sql.strip().startsWith("SELECT t.stream_id, coalesce("),
                    "the read of several streams", sql -> sql.contains("CROSS JOIN LATERAL"));
            SoftAssertions.assertSoftly(softly -> kinds.forEach((kind, isKind) -> {
                List<long[]> counts = plans.entrySet().stream()
                        .filter(entry -> isKind.test(entry.getKey())).map(Map.Entry::getValue).toList();
                softly.assertThat(counts).as(kind).hasSize(1);
                counts.forEach(count -> {
                    // PostgreSQL plans a prepared statement's first five executions for their parameters
                    softly.assertThat(count[0]).as("executions of %s on a generic plan", kind).isGreaterThanOrEqualTo(10);
                    softly.assertThat(count[1]).as("executions of %s planned anew", kind).isLessThanOrEqualTo(5);
                });
            }));
        } finally {
            TestDatabase.get().dropSchema(fresh);
        }
    }

    /**
     * Both append statements, with the counter and with parallel commits: two round trips' second,
     * and the one round trip. With the counter they leave the streams table alone and the one round
     * trip finds versions on the stream-version index; with parallel commits they move the streams
     * through its primary key.
     */
    private static void assertAppendsUseIndexesOnly(PostgresEventStore on) throws SQLException {
        String[] events = {"'{stream-1}'", "'{21}'", "ARRAY[gen_random_uuid()]", "'{test-noted}'", "'{NULL}'", "'{NULL}'",
            "'[{}]'", "'[{}]'"};
        List<String> counter = List.of(
                plan(on, PostgresEventStore.appendEventsSql(false), parameters(List.of("1", "1"), events, "'chan'")),
                plan(on, PostgresEventStore.appendAssumingVersionsSql(false),
                        parameters(List.of("1", "0", "'{stream-1}'", "'{20}'", "'{true}'", "1", "1"), events, "'chan'")));
        for (String plan : counter) {
            assertThat(plan).doesNotContain("eventcore_streams").doesNotContain("Seq Scan on eventcore_events");
        }
        assertThat(counter.get(1))
                .containsPattern(backwardsOn("eventcore_events_stream_version_uk"));
        List<String> parallel = List.of(
                plan(on, PostgresEventStore.appendEventsSql(true),
                        parameters(List.of("1", "1"), events, "'{stream-1}'", "'{21}'", "'chan'")),
                plan(on, PostgresEventStore.appendAssumingVersionsSql(true),
                        parameters(List.of("'{\"stream-1\": 20}'", "'{stream-1}'", "'{21}'", "1", "1", "1"), events,
                                "'chan'")));
        for (String plan : parallel) {
            assertThat(plan).contains("Conflict Arbiter Indexes: eventcore_streams_pk")
                    .doesNotContain("Seq Scan on eventcore_events")
                    .doesNotContain("Seq Scan on eventcore_streams");
        }
    }

    /** Leading parameters, the event columns, then trailing ones, as one list. */
    private static String[] parameters(List<String> leading, String[] events, String... trailing) {
        List<String> all = new ArrayList<>(leading);
        all.addAll(List.of(events));
        all.addAll(List.of(trailing));
        return all.toArray(new String[0]);
    }

    @Test
    void globalLogReadWalksThePositionIndexFromTheCheckpoint() throws SQLException {
        String sql = PostgresEventStore.READ_ALL_SQL.formatted(PostgresEventStore.EVENT_COLUMNS,
                PostgresEventStore.TYPE_FILTER_SQL + PostgresEventStore.PREFIX_FILTER_SQL);
        String plan = plan(store, sql, "1500000", "'{test-deposited}'", "'stream-1%'", "100");

        assertThat(plan).contains("Index Scan using eventcore_events_pk").doesNotContain("Seq Scan");
    }

    @Test
    void globalLogReadWithParallelCommitsWalksThePositionIndexUpToTheHorizon() throws SQLException {
        String sql = PostgresEventStore.READ_ALL_SQL.formatted(PostgresEventStore.EVENT_COLUMNS,
                PostgresEventStore.VISIBLE_ONLY_SQL);
        String plan = plan(store, sql, "1500000", "100");

        assertThat(plan).contains("Index Scan using eventcore_events_pk").doesNotContain("Seq Scan");
    }

    @Test
    void headPositionWithParallelCommitsWalksThePositionIndexBackwards() throws SQLException {
        String plan = plan(store, PostgresEventStore.VISIBLE_HEAD_POSITION_SQL);

        assertThat(plan).containsPattern(backwardsOn("eventcore_events_pk"))
                .doesNotContain("Seq Scan");
    }

    @Test
    void headPositionReadsOneRow() throws SQLException {
        assertThat(store.headPosition()).isEqualTo(EVENTS);
    }

    /** What a plan that walks the index backwards shows, with or without visiting the table. */
    private static String backwardsOn(String index) {
        return "Index (Only )?Scan Backward using " + index;
    }

    /** EXPLAIN of the statement as a generic prepared plan, with the parameters given as SQL literals. */
    private static String plan(PostgresEventStore on, String template, String... parameters) throws SQLException {
        String sql = on.qualify(template);
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(c);
            }
        }
        assertThat(n).as("parameters of " + template).isEqualTo(parameters.length);
        List<String> lines = new ArrayList<>();
        try (Connection connection = TestDatabase.get().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                statement.execute("PREPARE plan_check AS " + numbered);
                try (ResultSet rs = statement.executeQuery(
                        "EXPLAIN EXECUTE plan_check"
                                + (parameters.length == 0 ? "" : "(" + String.join(", ", parameters) + ")"))) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                statement.execute("DEALLOCATE ALL");
            }
        }
        String plan = String.join("\n", lines);
        System.out.println("[eventcore-test] plan on " + EVENTS + " events:\n" + numbered + "\n" + plan + "\n");
        return plan;
    }
}
