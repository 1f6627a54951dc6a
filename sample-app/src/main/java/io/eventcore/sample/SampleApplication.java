package io.eventcore.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample bank. Run it from the repository root with {@code mvn -pl sample-app -am spring-boot:run};
 * without {@code spring.datasource.url} it starts an embedded PostgreSQL of its own (see {@link
 * io.eventcore.sample.embedded.EmbeddedPostgresEnvironmentPostProcessor}).
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the application.
     *
     * @param args command-line arguments, for example {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
