package io.eventcore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.StreamId;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.serialization.JacksonEventSerializer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code baseline}: the {@code singleStream} workload (16 threads, deposit into one of 10,000
 * accounts) in raw JDBC on the same tables, with the same guarantees, one command at a time: the
 * best an unbatched design can do, and the reference the README's ratios divide by.
 *
 * <p>Per command: one query reads the whole stream and the events are decoded with the same
 * Jackson serializer and folded; then one statement, committed on its own, checks and bumps the
 * stream's version ({@code streams} row), takes the next global position ({@code position} row,
 * locked until commit as the layout requires for gap-free, commit-ordered positions) and inserts
 * the event. Two round trips, no client-side cache, no batching. The read can stay outside the
 * write transaction because the version check in the write makes a stale read fail as a
 * conflict, which is retried at once, up to 5 attempts (the executor's count, without its
 * backoff). Schema {@code bench_baseline}, created by running the PostgreSQL store's own schema
 * script, dropped after the run.
 *
 * <p>{@code baselineGapped} is the same but takes positions from a sequence instead of the
 * counter row, so no lock is held until commit: what an unbatched design gains by giving up
 * gap-free, commit-ordered positions (Axon's choice). The results table gives ratios to both.
 *
 * <p>Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'BaselineBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {RunSettings.HEAP_MIN, RunSettings.HEAP_MAX, RunSettings.PRE_TOUCH})
@Warmup(iterations = RunSettings.WARMUP_ITERATIONS, time = RunSettings.WARMUP_SECONDS)
@Measurement(iterations = RunSettings.MEASURED_ITERATIONS, time = RunSettings.MEASURED_SECONDS)
public class BaselineBenchmark {

    private static final int MAX_ATTEMPTS = 5;

    private static final String READ_STREAM_SQL = """
            SELECT position, event_type, payload::text FROM %1$s.%2$sevents WHERE stream_id = ? ORDER BY version
            """;

    // The streams row is inserted or updated only at the expected version; every later step runs
    // only if that happened, so zero rows inserted means a version conflict and nothing written.
    private static final String APPEND_EVENT_SQL = """
            WITH stream AS (
                INSERT INTO %1$s.%2$sstreams AS s (stream_id, version) VALUES (?, ?)
                ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version WHERE s.version = ?
                RETURNING s.version
            ), next AS (
                UPDATE %1$s.%2$sposition SET last = last + 1 WHERE id AND EXISTS (SELECT 1 FROM stream)
                RETURNING last
            )
            INSERT INTO %1$s.%2$sevents
                (position, stream_id, version, event_id, event_type, correlation_id, causation_id, metadata, payload)
            SELECT next.last, ?, stream.version, ?, ?, ?, ?, '{}'::jsonb, ?::jsonb FROM next, stream
            """;

    // The same, with the position from a sequence: no lock held to commit, so positions may have
    // gaps and may commit out of order (Axon's BIGSERIAL design). Faster, weaker.
    private static final String APPEND_EVENT_GAPPED_SQL = """
            WITH stream AS (
                INSERT INTO %1$s.%2$sstreams AS s (stream_id, version) VALUES (?, ?)
                ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version WHERE s.version = ?
                RETURNING s.version
            ), next AS (
                SELECT nextval('%1$s.bench_position_seq') AS last FROM stream
            )
            INSERT INTO %1$s.%2$sevents
                (position, stream_id, version, event_id, event_type, correlation_id, causation_id, metadata, payload)
            SELECT next.last, ?, stream.version, ?, ?, ?, ?, '{}'::jsonb, ?::jsonb FROM next, stream
            """;

    private static final String SCHEMA = "bench_baseline";

    private @Nullable HikariDataSource dataSource;
    private @Nullable JacksonEventSerializer serializer;
    private String readStreamSql = "";
    private String appendEventSql = "";
    private String appendEventGappedSql = "";
    private final Accounts accounts = new Accounts("account-", SingleStreamBenchmark.ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() {
        dataSource = BenchmarkDatabase.pool("baseline");
        BenchmarkDatabase.dropSchema(dataSource, SCHEMA);
        SchemaScript.apply(dataSource, SCHEMA);
        BenchmarkDatabase.execute(dataSource, "CREATE SEQUENCE " + SCHEMA + ".bench_position_seq");
        serializer = new JacksonEventSerializer(new EventTypeRegistry().register(AccountEvent.class));
        readStreamSql = READ_STREAM_SQL.formatted(SCHEMA, BenchmarkDatabase.TABLE_PREFIX);
        appendEventSql = APPEND_EVENT_SQL.formatted(SCHEMA, BenchmarkDatabase.TABLE_PREFIX);
        appendEventGappedSql = APPEND_EVENT_GAPPED_SQL.formatted(SCHEMA, BenchmarkDatabase.TABLE_PREFIX);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (dataSource != null) {
            try {
                BenchmarkDatabase.reportStored(dataSource, SCHEMA + "." + BenchmarkDatabase.TABLE_PREFIX + "events");
                BenchmarkDatabase.dropSchema(dataSource, SCHEMA);
            } finally {
                dataSource.close();
            }
        }
    }

    @Benchmark
    public long baseline(Outcomes outcomes) throws SQLException {
        return deposit(appendEventSql, outcomes);
    }

    @Benchmark
    public long baselineGapped(Outcomes outcomes) throws SQLException {
        return deposit(appendEventGappedSql, outcomes);
    }

    private long deposit(String appendSql, Outcomes outcomes) throws SQLException {
        StreamId account = accounts.random();
        long amount = Accounts.randomAmount();
        JacksonEventSerializer json = Objects.requireNonNull(serializer);
        try (Connection connection = Objects.requireNonNull(dataSource).getConnection()) {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                long version = 0;
                long balance = 0;
                try (PreparedStatement read = connection.prepareStatement(readStreamSql)) {
                    read.setString(1, account.value());
                    try (ResultSet rows = read.executeQuery()) {
                        while (rows.next()) {
                            AccountEvent event = (AccountEvent) json.deserialize(rows.getString(2), rows.getString(3),
                                    rows.getLong(1));
                            balance += event.delta();
                            version++;
                        }
                    }
                }
                if (balance + amount < balance) {
                    throw new IllegalStateException("deposit would overflow " + account);
                }
                AccountEvent.Deposited deposited = new AccountEvent.Deposited(amount);
                try (PreparedStatement append = connection.prepareStatement(appendSql)) {
                    append.setString(1, account.value());
                    append.setLong(2, version + 1);
                    append.setLong(3, version);
                    append.setString(4, account.value());
                    append.setObject(5, Ids.next());
                    append.setString(6, json.typeName(deposited));
                    append.setObject(7, Ids.next());
                    append.setObject(8, Ids.next());
                    append.setString(9, json.serialize(deposited));
                    if (append.executeUpdate() == 1) {
                        outcomes.wrote(1, attempt);
                        return version + 1;
                    }
                }
            }
        }
        outcomes.gaveUp(MAX_ATTEMPTS);
        return -1;
    }
}
