package io.eventcore.sample;

import static io.eventcore.sample.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as a newcomer runs it: no {@code spring.datasource.url}, so it starts on an
 * embedded PostgreSQL of its own and serves requests.
 */
class EmbeddedPostgresIntegrationTests {

    @Test
    void withoutADatasourceUrlTheAppRunsOnAnEmbeddedPostgres() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .run("--server.port=0")) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            assertThat(url).startsWith("jdbc:postgresql://localhost:").doesNotContain(":5432/");
            HttpJson http = new HttpJson(((WebServerApplicationContext) context).getWebServer().getPort());

            assertThat(http.post("/accounts", json(Map.of("accountId", "alice", "owner", "Alice"))).status())
                    .isEqualTo(201);
            assertThat(http.post("/accounts/alice/deposits", "{\"amount\":100}").body().get("balance").asLong())
                    .isEqualTo(100);
            assertThat(http.get("/accounts/alice").body().get("balance").asLong()).isEqualTo(100);
            HttpJson.Response health = http.get("/actuator/health");
            assertThat(health.body().get("status").asString()).isEqualTo("UP");
            assertThat(health.body().at("/components/eventcore/details/store").asString()).isEqualTo("postgres");
        }
    }
}
