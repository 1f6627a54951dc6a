package io.eventcore.sample;

import static io.eventcore.sample.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.store.EventStore;
import io.eventcore.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The bank's HTTP API end to end: a real server on a random port, the starter's beans, and
 * PostgreSQL in a schema of its own (events, checkpoints and read model alike).
 */
@ExtendWith(BankApiIntegrationTests.DropSchema.class) // first, so it runs after the context has closed
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BankApiIntegrationTests {

    private static final TestDatabase DATABASE = TestDatabase.get();
    private static final String SCHEMA = DATABASE.createSchema(BankApiIntegrationTests.class);
    private static final String CORRELATION = "X-Correlation-Id";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = DATABASE.jdbcUrl();
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("eventcore.postgres.schema", () -> SCHEMA);
    }

    @LocalServerPort
    private int port;

    @Autowired
    private EventStore store;

    private HttpJson http;

    @BeforeEach
    void client() {
        http = new HttpJson(port);
    }

    /** Drops the schema once the context, its pool and its projections are gone. */
    static final class DropSchema implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            DATABASE.dropSchema(SCHEMA);
        }
    }

    // --- POST /accounts

    @Test
    void openingAnAccountAnswers201WithLocationAndVersion1() {
        String id = unique("open");
        HttpJson.Response response = http.post("/accounts", json(Map.of("accountId", id, "owner", "Alice")));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Location")).endsWith("/accounts/" + id);
        assertThat(response.body().get("accountId").asString()).isEqualTo(id);
        assertThat(response.body().get("owner").asString()).isEqualTo("Alice");
        assertThat(response.body().get("balance").asLong()).isZero();
        assertThat(response.body().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void idsNeedingEscapesRoundTripThroughTheLocation() {
        String id = unique("José & Ana");
        HttpJson.Response created = http.post("/accounts", json(Map.of("accountId", id, "owner", "J")));

        assertThat(created.status()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(location).doesNotContain(" ");
        String path = location.substring(location.indexOf("/accounts/"));
        assertThat(http.get(path).body().get("accountId").asString()).isEqualTo(id);
    }

    @Test
    void openingAnExistingAccountAnswers409AndWritesNothing() {
        String id = open("dup", 0);
        long head = store.headPosition();

        HttpJson.Response response = http.post("/accounts", json(Map.of("accountId", id, "owner", "Mallory")));

        assertProblem(response, 409, "account-exists");
        assertThat(response.body().get("accountId").asString()).isEqualTo(id);
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(http.get("/accounts/" + id).body().get("owner").asString()).isEqualTo("Owner of " + id);
    }

    // --- deposits and withdrawals

    @Test
    void depositAnswersTheNewBalanceAndVersion() {
        String id = open("dep", 0);

        HttpJson.Response first = http.post("/accounts/" + id + "/deposits", "{\"amount\":100}");
        HttpJson.Response second = http.post("/accounts/" + id + "/deposits", "{\"amount\":25}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("balance").asLong()).isEqualTo(100);
        assertThat(first.body().get("version").asLong()).isEqualTo(2);
        assertThat(second.body().get("balance").asLong()).isEqualTo(125);
        assertThat(second.body().get("version").asLong()).isEqualTo(3);
        assertThat(second.body().get("position").asLong()).isGreaterThan(first.body().get("position").asLong());
    }

    @Test
    void depositToAnUnknownAccountAnswers404() {
        String id = unique("ghost");
        HttpJson.Response response = http.post("/accounts/" + id + "/deposits", "{\"amount\":100}");

        assertProblem(response, 404, "account-not-found");
        assertThat(response.body().get("accountId").asString()).isEqualTo(id);
        assertThat(http.get("/accounts/" + id + "/events").status()).isEqualTo(404);
    }

    @Test
    void withdrawalAnswersTheNewBalance() {
        String id = open("wd", 100);

        HttpJson.Response response = http.post("/accounts/" + id + "/withdrawals", "{\"amount\":50}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("balance").asLong()).isEqualTo(50);
        assertThat(response.body().get("version").asLong()).isEqualTo(3);
    }

    @Test
    void withdrawalBeyondTheBalanceAnswers422AndWritesNothing() {
        String id = open("poor", 100);
        long head = store.headPosition();

        HttpJson.Response response = http.post("/accounts/" + id + "/withdrawals", "{\"amount\":101}");

        assertProblem(response, 422, "insufficient-funds");
        assertThat(response.body().get("balance").asLong()).isEqualTo(100);
        assertThat(response.body().get("amount").asLong()).isEqualTo(101);
        assertThat(store.headPosition()).isEqualTo(head);
    }

    @Test
    void withdrawalFromAnUnknownAccountAnswers404() {
        assertProblem(http.post("/accounts/" + unique("ghost") + "/withdrawals", "{\"amount\":1}"), 404,
                "account-not-found");
    }

    // --- transfers

    @Test
    void transferMovesMoneyAndAnswersBothAccounts() {
        String from = open("from", 100);
        String to = open("to", 0);

        HttpJson.Response response = http.post("/transfers", json(Map.of("from", from, "to", to, "amount", 25)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().at("/from/balance").asLong()).isEqualTo(75);
        assertThat(response.body().at("/from/version").asLong()).isEqualTo(3);
        assertThat(response.body().at("/to/balance").asLong()).isEqualTo(25);
        assertThat(response.body().at("/to/version").asLong()).isEqualTo(2);
        assertThat(response.body().get("amount").asLong()).isEqualTo(25);
        assertThat(http.get("/accounts/" + from).body().get("balance").asLong()).isEqualTo(75);
        assertThat(http.get("/accounts/" + to).body().get("balance").asLong()).isEqualTo(25);
    }

    @Test
    void transferBeyondTheBalanceAnswers422AndMovesNothing() {
        String from = open("from", 10);
        String to = open("to", 0);
        long head = store.headPosition();

        HttpJson.Response response = http.post("/transfers", json(Map.of("from", from, "to", to, "amount", 11)));

        assertProblem(response, 422, "insufficient-funds");
        assertThat(response.body().get("accountId").asString()).isEqualTo(from);
        assertThat(store.headPosition()).isEqualTo(head);
    }

    @Test
    void transferWithAnUnknownAccountAnswers404NamingItAndMovesNothing() {
        String from = open("from", 10);
        String ghost = unique("ghost");
        long head = store.headPosition();

        HttpJson.Response toGhost = http.post("/transfers", json(Map.of("from", from, "to", ghost, "amount", 1)));
        HttpJson.Response fromGhost = http.post("/transfers", json(Map.of("from", ghost, "to", from, "amount", 1)));

        assertProblem(toGhost, 404, "account-not-found");
        assertThat(toGhost.body().get("accountId").asString()).isEqualTo(ghost);
        assertProblem(fromGhost, 404, "account-not-found");
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(http.get("/accounts/" + from).body().get("balance").asLong()).isEqualTo(10);
    }

    @Test
    void transferToTheSameAccountAnswers400NamingTo() {
        String id = open("self", 10);
        assertInvalid(http.post("/transfers", json(Map.of("from", id, "to", id, "amount", 1))), "to");
    }

    // --- reads

    @Test
    void accountIsReadFromItsStream() {
        String id = open("read", 40);

        HttpJson.Response response = http.get("/accounts/" + id);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("accountId").asString()).isEqualTo(id);
        assertThat(response.body().get("owner").asString()).isEqualTo("Owner of " + id);
        assertThat(response.body().get("balance").asLong()).isEqualTo(40);
        assertThat(response.body().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void unknownAccountAnswers404() {
        assertProblem(http.get("/accounts/" + unique("ghost")), 404, "account-not-found");
    }

    @Test
    void eventsComeWithTheirEnvelopesAndTheRequestsCorrelationId() {
        String correlation = UUID.randomUUID().toString();
        String id = unique("ev");
        http.post("/accounts", json(Map.of("accountId", id, "owner", "Eve")), CORRELATION, correlation);
        HttpJson.Response deposit = http.post("/accounts/" + id + "/deposits", "{\"amount\":7}", CORRELATION,
                correlation);
        assertThat(deposit.header(CORRELATION)).isEqualTo(correlation);

        HttpJson.Response response = http.get("/accounts/" + id + "/events");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("accountId").asString()).isEqualTo(id);
        assertThat(response.body().get("streamId").asString()).isEqualTo("account-" + id);
        assertThat(response.body().get("version").asLong()).isEqualTo(2);
        JsonNode events = response.body().get("events");
        assertThat(events.size()).isEqualTo(2);
        JsonNode opened = events.get(0);
        assertThat(opened.get("type").asString()).isEqualTo("account-opened");
        assertThat(opened.get("version").asLong()).isEqualTo(1);
        assertThat(opened.get("position").asLong()).isPositive();
        assertThat(opened.get("eventId").asString()).isNotBlank();
        assertThat(opened.get("recordedAt").asString()).isNotBlank();
        assertThat(opened.at("/payload/owner").asString()).isEqualTo("Eve");
        JsonNode deposited = events.get(1);
        assertThat(deposited.get("type").asString()).isEqualTo("money-deposited");
        assertThat(deposited.at("/payload/amount").asLong()).isEqualTo(7);
        assertThat(deposited.at("/payload/balance").asLong()).isEqualTo(7);
        assertThat(deposited.get("position").asLong()).isGreaterThan(opened.get("position").asLong());
        for (JsonNode event : events) {
            assertThat(event.at("/metadata/correlationId").asString()).isEqualTo(correlation);
            assertThat(event.at("/metadata/causationId").asString()).isNotBlank();
        }
    }

    @Test
    void bothLegsOfATransferShareTheCorrelationId() {
        String from = open("cfrom", 10);
        String to = open("cto", 0);
        String correlation = UUID.randomUUID().toString();

        http.post("/transfers", json(Map.of("from", from, "to", to, "amount", 3)), CORRELATION, correlation);

        assertThat(http.get("/accounts/" + from + "/events").body().at("/events/2/metadata/correlationId").asString())
                .isEqualTo(correlation);
        assertThat(http.get("/accounts/" + to + "/events").body().at("/events/1/metadata/correlationId").asString())
                .isEqualTo(correlation);
    }

    @Test
    void correlationIdThatIsNotAUuidAnswers400AndWritesNothing() {
        long head = store.headPosition();
        HttpJson.Response response = http.post("/accounts", json(Map.of("accountId", unique("c"), "owner", "C")),
                CORRELATION, "not-a-uuid");
        assertInvalid(response, CORRELATION);
        assertThat(store.headPosition()).isEqualTo(head);
    }

    @Test
    void listingComesFromTheReadModelWithItsPosition() {
        String id = open("list", 30);
        long written = http.get("/accounts/" + id + "/events").body().at("/events/1/position").asLong();

        JsonNode listing = awaitListingAt(written);

        assertThat(listing.get("position").asLong()).isGreaterThanOrEqualTo(written);
        assertThat(listing.get("headPosition").asLong()).isGreaterThanOrEqualTo(listing.get("position").asLong());
        JsonNode row = row(listing, id);
        assertThat(row.get("balance").asLong()).isEqualTo(30);
        assertThat(row.get("owner").asString()).isEqualTo("Owner of " + id);
        assertThat(row.get("version").asLong()).isEqualTo(2);
        assertThat(listing.get("accountCount").asInt()).isEqualTo(listing.get("accounts").size());
    }

    // --- actuator

    @Test
    void actuatorExposesHealthMetricsAndTheEventcoreEndpoint() {
        open("act", 5);

        HttpJson.Response health = http.get("/actuator/health");
        assertThat(health.body().get("status").asString()).as(health.raw()).isEqualTo("UP");
        HttpJson.Response commands = http.get("/actuator/metrics/eventcore.commands");
        assertThat(commands.status()).isEqualTo(200);
        assertThat(commands.body().at("/measurements/0/value").asDouble()).isPositive();
        HttpJson.Response eventcore = http.get("/actuator/eventcore");
        assertThat(eventcore.status()).isEqualTo(200);
        List<String> projections = new ArrayList<>();
        eventcore.body().path("projections").forEach(p -> projections.add(p.get("name").asString()));
        assertThat(projections).as(eventcore.raw()).contains("account-balances");
        assertThat(http.get("/actuator/eventcore/account-balances").status()).isEqualTo(200);
    }

    // --- validation: 400 naming the field, nothing written

    @Test
    void invalidRequestsAnswer400NamingTheFieldAndWriteNothing() {
        String id = open("valid", 100);
        String deposits = "/accounts/" + id + "/deposits";
        long head = store.headPosition();

        assertThat(http.post("/accounts", "{\"accountId\": \"x\",").status()).isEqualTo(400);
        assertProblem(http.post("/accounts", "{\"accountId\": \"x\","), 400, "malformed-json");
        assertProblem(http.post(deposits, "not json"), 400, "malformed-json");
        assertInvalid(http.post(deposits, ""), "body");
        assertInvalid(http.post("/accounts", "[]"), "body");
        assertInvalid(http.post("/accounts", "{\"owner\":\"A\"}"), "accountId");
        assertInvalid(http.post("/accounts", json(Map.of("accountId", unique("no-owner")))), "owner");
        assertInvalid(http.post("/accounts", json(Map.of("accountId", unique("blank"), "owner", " "))), "owner");
        assertInvalid(http.post("/accounts", "{\"accountId\":\"" + unique("num") + "\",\"owner\":42}"), "owner");
        assertInvalid(http.post("/accounts", "{\"accountId\":7,\"owner\":\"A\"}"), "accountId");
        assertInvalid(http.post("/accounts", json(Map.of("accountId", "a*b", "owner", "A"))), "accountId");
        assertInvalid(http.post("/accounts", json(Map.of("accountId", "a\u0001b", "owner", "A"))), "accountId");
        assertInvalid(http.post("/accounts", json(Map.of("accountId", "", "owner", "A"))), "accountId");
        assertInvalid(http.post("/accounts", json(Map.of("accountId", "x".repeat(248), "owner", "A"))), "accountId");
        assertInvalid(http.post(deposits, "{}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":null}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":0}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":-5}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":1000000001}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":99999999999999999999999}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":1.5}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":\"100\"}"), "amount");
        assertInvalid(http.post(deposits, "{\"amount\":true}"), "amount");
        assertInvalid(http.post("/accounts/" + id + "/withdrawals", "{\"amount\":0}"), "amount");
        assertInvalid(http.post("/accounts/a*b/deposits", "{\"amount\":1}"), "id");
        assertInvalid(http.get("/accounts/a*b"), "id");
        assertInvalid(http.get("/accounts/a*b/events"), "id");
        assertInvalid(http.post("/transfers", json(Map.of("to", id, "amount", 1))), "from");
        assertInvalid(http.post("/transfers", json(Map.of("from", id, "to", "a?", "amount", 1))), "to");
        assertInvalid(http.post("/transfers", json(Map.of("from", id, "to", id + "x", "amount", -1))), "amount");

        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(http.get("/accounts/" + id).body().get("balance").asLong()).isEqualTo(100);
    }

    @Test
    void severalInvalidFieldsAreAllNamed() {
        HttpJson.Response response = http.post("/transfers", "{\"from\":\"\",\"amount\":0}");
        assertThat(response.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.body().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).contains("from", "to", "amount");
    }

    // --- concurrency

    @Test
    void concurrentTransfersKeepTheTotalAndTheReadModelAgrees() throws Exception {
        int accounts = 8;
        long initial = 10_000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            ids.add(open("conc" + i, initial));
        }
        int threads = 8;
        int transfersPerThread = 60;
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong lastPosition = new AtomicLong();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    HttpJson client = new HttpJson(port);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < transfersPerThread; i++) {
                        int from = random.nextInt(accounts);
                        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                        HttpJson.Response response = client.post("/transfers", json(Map.of("from", ids.get(from),
                                "to", ids.get(to), "amount", 1 + random.nextInt(3_000))));
                        if (response.status() == 200) {
                            succeeded.incrementAndGet();
                            lastPosition.accumulateAndGet(response.body().at("/to/position").asLong(), Math::max);
                        } else if (response.status() == 422) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.add(response.status() + " " + response.raw());
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        assertThat(succeeded.get() + refused.get()).isEqualTo(threads * transfersPerThread);
        assertThat(succeeded.get()).isPositive();
        long total = 0;
        for (String id : ids) {
            long balance = http.get("/accounts/" + id).body().get("balance").asLong();
            assertThat(balance).isNotNegative();
            total += balance;
        }
        assertThat(total).isEqualTo(accounts * initial);

        JsonNode listing = awaitListingAt(lastPosition.get());
        long projected = 0;
        for (String id : ids) {
            JsonNode row = row(listing, id);
            assertThat(row.get("balance").asLong()).isEqualTo(http.get("/accounts/" + id).body().get("balance").asLong());
            projected += row.get("balance").asLong();
        }
        assertThat(projected).isEqualTo(total);
    }

    // --- helpers

    private String open(String prefix, long deposit) {
        String id = unique(prefix);
        assertThat(http.post("/accounts", json(Map.of("accountId", id, "owner", "Owner of " + id))).status())
                .isEqualTo(201);
        if (deposit > 0) {
            assertThat(http.post("/accounts/" + id + "/deposits", "{\"amount\":" + deposit + "}").status())
                    .isEqualTo(200);
        }
        return id;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls the listing until it reflects the position; generous, since CI machines can be slow. */
    private JsonNode awaitListingAt(long position) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode listing = http.get("/accounts").body();
        while (listing.get("position").asLong() < position && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            listing = http.get("/accounts").body();
        }
        assertThat(listing.get("position").asLong()).as("read model position, listing %s", listing)
                .isGreaterThanOrEqualTo(position);
        return listing;
    }

    private static JsonNode row(JsonNode listing, String id) {
        for (JsonNode row : listing.get("accounts")) {
            if (row.get("accountId").asString().equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + id + " in " + listing);
    }

    private static void assertProblem(HttpJson.Response response, int status, String type) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("type").asString()).isEqualTo("urn:eventcore:sample:problem:" + type);
        assertThat(response.body().get("title").asString()).isNotBlank();
        assertThat(response.body().get("detail").asString()).isNotBlank();
    }

    private static void assertInvalid(HttpJson.Response response, String field) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.header("Content-Type")).as(response.raw()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.body().path("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).as(response.raw()).contains(field);
        assertThat(response.body().get("detail").asString()).contains(field);
    }
}
