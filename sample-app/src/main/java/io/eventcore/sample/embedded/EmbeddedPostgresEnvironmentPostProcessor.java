package io.eventcore.sample.embedded;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Supplies {@code spring.datasource.url} from an embedded PostgreSQL when nothing else does.
 *
 * <p>It adds a property source of the lowest precedence that answers only
 * {@code spring.datasource.url}, and starts the database the first time that property is actually
 * asked for. A URL from any other source (properties, command line, environment, a test's
 * {@code @DynamicPropertySource}) takes precedence, so the database is then never started.
 * {@code sample.embedded-postgres.enabled=false} switches it off. The database lives in a temporary
 * directory and is stopped, and its data deleted, after the application context has closed.
 */
public final class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Property that switches the embedded database off. */
    public static final String ENABLED_PROPERTY = "sample.embedded-postgres.enabled";

    /** Registered through {@code META-INF/spring.factories}. */
    public EmbeddedPostgresEnvironmentPostProcessor() {
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)
                || environment.getPropertySources().contains(LazyEmbeddedPostgresPropertySource.NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new LazyEmbeddedPostgresPropertySource());
    }

    @Override
    public int getOrder() {
        // After config data, so application.properties can switch it off.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
