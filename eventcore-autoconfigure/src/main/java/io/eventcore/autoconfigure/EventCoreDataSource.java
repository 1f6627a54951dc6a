package io.eventcore.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link javax.sql.DataSource} the PostgreSQL event store uses, when it should not be
 * the application's primary one (for example a pool sized for appends). Put it on a {@code @Bean}
 * method that returns a {@code DataSource}; without it the store uses the single or primary
 * {@code DataSource}.
 *
 * <pre>{@code
 * @Bean
 * @EventCoreDataSource
 * DataSource eventStoreDataSource() { ... }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface EventCoreDataSource {
}
