package io.eventcore.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.eventcore.CommandExecutor;
import io.eventcore.CommandRejectedException;
import io.eventcore.StreamId;
import io.eventcore.autoconfigure.app.BankApplication.Deposit;
import io.eventcore.autoconfigure.app.BankApplication.Deposited;
import io.eventcore.autoconfigure.app.BankApplication.Transfer;
import io.eventcore.store.EventStore;
import io.eventcore.store.postgres.PostgresEventStore;
import io.eventcore.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter's promise end to end: an application with the auto-configuration, a DataSource on
 * PostgreSQL and the Actuator runs commands, and its meters, endpoint and health are visible over
 * HTTP.
 */
@SpringBootTest(classes = BankApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,metrics,eventcore",
        "management.endpoint.health.show-details=always"})
class BankApplicationIntegrationTests {

    private static final TestDatabase DATABASE = TestDatabase.get();
    private static final String SCHEMA = DATABASE.createSchema(BankApplicationIntegrationTests.class);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("eventcore.postgres.schema", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        DATABASE.dropSchema(SCHEMA);
    }

    @Autowired
    private CommandExecutor executor;

    @Autowired
    private EventStore store;

    @LocalServerPort
    private int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void commandsRunOnPostgresAndShowInMetricsEndpointAndHealth() {
        StreamId alice = StreamId.of("alice");
        StreamId bob = StreamId.of("bob");
        executor.execute(new Deposit(alice, 100));
        executor.execute(new Transfer(alice, bob, 30));
        assertThatExceptionOfType(CommandRejectedException.class)
                .isThrownBy(() -> executor.execute(new Transfer(bob, alice, 1_000)));

        assertThat(store).isInstanceOf(PostgresEventStore.class);
        // A read through PostgreSQL decodes the payload: the package scan registered the event types.
        assertThat(store.readStream(bob)).singleElement()
                .satisfies(event -> assertThat(event.payload()).isEqualTo(new Deposited(30)));

        JsonNode success = get("/actuator/metrics/eventcore.commands?tag=outcome:success");
        assertThat(measurement(success, "COUNT")).isEqualTo(2);
        JsonNode rejected = get("/actuator/metrics/eventcore.commands?tag=outcome:rejected&tag=command:Transfer");
        assertThat(measurement(rejected, "COUNT")).isEqualTo(1);
        assertThat(measurement(get("/actuator/metrics/eventcore.events.appended"), "COUNT")).isEqualTo(3);
        assertThat(measurement(get("/actuator/metrics/eventcore.store.batch.size"), "COUNT")).isPositive();
        assertThat(measurement(get("/actuator/metrics/cache.gets?tag=cache:eventcore.stream-versions&tag=result:hit"),
                "COUNT")).isPositive();

        JsonNode endpoint = get("/actuator/eventcore");
        assertThat(endpoint.path("store").path("type").asString()).isEqualTo("postgres");
        assertThat(endpoint.path("store").path("schema").asString()).isEqualTo(SCHEMA);
        assertThat(endpoint.path("store").path("groupCommit").path("enabled").asBoolean()).isTrue();
        assertThat(endpoint.path("store").path("groupCommit").path("writerThreads").asInt()).isEqualTo(1);
        assertThat(endpoint.path("store").path("groupCommit").path("maxBatchDelay").asString()).isEqualTo("PT0.0001S");
        assertThat(endpoint.path("store").path("parallelCommits").isBoolean()).isTrue();
        assertThat(endpoint.path("store").path("parallelCommits").asBoolean()).isFalse();
        assertThat(endpoint.path("executor").path("retry").path("maxAttempts").asInt()).isEqualTo(5);
        assertThat(endpoint.path("commands").path("singleStream").path("count").asLong()).isEqualTo(1);
        assertThat(endpoint.path("commands").path("multiStream").path("count").asLong()).isEqualTo(1);
        assertThat(endpoint.path("commands").path("rejected").asLong()).isEqualTo(1);
        assertThat(endpoint.path("cache").path("hitRatio").asDouble()).isPositive();
        assertThat(endpoint.path("projections").isArray()).isTrue();

        JsonNode health = get("/actuator/health");
        assertThat(health.path("components").path("eventcore").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("eventcore").path("details").path("schema").asString())
                .isEqualTo(SCHEMA);
    }

    private JsonNode get(String path) {
        String body = RestClient.create("http://localhost:" + port).get().uri(path).retrieve().body(String.class);
        return json.readTree(body);
    }

    private static double measurement(JsonNode meter, String statistic) {
        for (JsonNode measurement : meter.path("measurements")) {
            if (measurement.path("statistic").asString().equals(statistic)) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + meter);
    }
}
