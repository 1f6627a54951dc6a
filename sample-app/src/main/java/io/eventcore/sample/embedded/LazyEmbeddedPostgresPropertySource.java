package io.eventcore.sample.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.PropertySource;

/**
 * Answers {@code spring.datasource.url} with the URL of an embedded PostgreSQL, started on the
 * first lookup. Not enumerable, so only an explicit lookup of that one name can start it.
 */
final class LazyEmbeddedPostgresPropertySource extends PropertySource<Object> {

    static final String NAME = "embeddedPostgres";

    private static final String URL_PROPERTY = "spring.datasource.url";

    private static final Logger log = LoggerFactory.getLogger(LazyEmbeddedPostgresPropertySource.class);

    private final Object lock = new Object();
    private @Nullable String url;

    LazyEmbeddedPostgresPropertySource() {
        super(NAME, new Object());
    }

    @Override
    public @Nullable Object getProperty(String name) {
        return URL_PROPERTY.equals(name) ? url() : null;
    }

    @Override
    public boolean containsProperty(String name) {
        return URL_PROPERTY.equals(name);
    }

    /** @return whether the embedded database has been started */
    boolean isStarted() {
        synchronized (lock) {
            return url != null;
        }
    }

    private String url() {
        synchronized (lock) {
            if (url == null) {
                url = start();
            }
            return url;
        }
    }

    private static String start() {
        log.info("No spring.datasource.url given: starting an embedded PostgreSQL (data is discarded on shutdown;"
                + " set spring.datasource.url to use your own database)");
        EmbeddedPostgres postgres;
        try {
            // Stopped by Spring's shutdown hook after the context (and its DataSource) has closed, not by a hook
            // of its own that would race the context's shutdown.
            postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL; set spring.datasource.url to use"
                    + " a running database instead", e);
        }
        SpringApplication.getShutdownHandlers().add(() -> stop(postgres));
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        log.info("Embedded PostgreSQL listening on port {} ({})", postgres.getPort(), jdbcUrl);
        return jdbcUrl;
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped and its data deleted");
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
