package io.eventcore.autoconfigure;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;

/**
 * Matches when the PostgreSQL store should be used: {@code eventcore.store.type=postgres}, or
 * {@code auto} (the default) with an {@code @EventCoreDataSource} or a single (or primary)
 * DataSource.
 */
final class PostgresStoreCondition extends AnyNestedCondition {

    private static final String TYPE = "eventcore.store.type";

    PostgresStoreCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(name = TYPE, havingValue = "postgres")
    static final class ExplicitlyChosen {
    }

    @ConditionalOnProperty(name = TYPE, havingValue = "auto", matchIfMissing = true)
    @ConditionalOnSingleCandidate(DataSource.class)
    static final class SingleDataSource {
    }

    @ConditionalOnProperty(name = TYPE, havingValue = "auto", matchIfMissing = true)
    @ConditionalOnBean(value = DataSource.class, annotation = EventCoreDataSource.class)
    static final class QualifiedDataSource {
    }
}
