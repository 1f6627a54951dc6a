package io.eventcore.sample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class EmbeddedPostgresEnvironmentPostProcessorTests {

    private final EmbeddedPostgresEnvironmentPostProcessor processor = new EmbeddedPostgresEnvironmentPostProcessor();

    @Test
    void givenUrlWinsAndTheEmbeddedDatabaseIsNeverStarted() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("spring.datasource.url", "jdbc:postgresql://db.example/app")));

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example/app");
        assertThat(lazySource(environment).isStarted()).isFalse();
    }

    @Test
    void otherPropertiesNeverStartTheEmbeddedDatabase() {
        StandardEnvironment environment = new StandardEnvironment();

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.username")).isNull();
        assertThat(environment.getProperty("server.port")).isNull();
        assertThat(lazySource(environment).isStarted()).isFalse();
    }

    @Test
    void disabledAddsNoPropertySource() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of(EmbeddedPostgresEnvironmentPostProcessor.ENABLED_PROPERTY, "false")));

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(LazyEmbeddedPostgresPropertySource.NAME)).isFalse();
    }

    @Test
    void runningTwiceAddsOneSource() {
        StandardEnvironment environment = new StandardEnvironment();

        processor.postProcessEnvironment(environment, new SpringApplication());
        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().stream()
                .filter(source -> source.getName().equals(LazyEmbeddedPostgresPropertySource.NAME))).hasSize(1);
    }

    private static LazyEmbeddedPostgresPropertySource lazySource(StandardEnvironment environment) {
        return (LazyEmbeddedPostgresPropertySource) environment.getPropertySources()
                .get(LazyEmbeddedPostgresPropertySource.NAME);
    }
}
