package io.eventcore.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains that the PostgreSQL store was pointed at another database. */
final class DatabaseNotPostgresFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseNotPostgresException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseNotPostgresException cause) {
        String description = "EventCore's event store supports PostgreSQL only, but the DataSource it was given "
                + "connects to " + cause.product() + " (" + cause.url() + ").";
        String action = """
                Point spring.datasource.url at a PostgreSQL database (14 or newer), or give EventCore its own \
                PostgreSQL DataSource bean annotated with @EventCoreDataSource, or keep events in memory with \
                eventcore.store.type=memory.""";
        return new FailureAnalysis(description, action, cause);
    }
}
