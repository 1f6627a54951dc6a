package io.eventcore.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a missing event schema when initialization is switched off. */
final class SchemaMissingFailureAnalyzer extends AbstractFailureAnalyzer<SchemaMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SchemaMissingException cause) {
        String description = """
                EventCore's schema is missing or incomplete: %s.%sevents, its companion tables or the \
                function its appends call were not found, and eventcore.postgres.initialize-schema is '%s', so \
                EventCore did not create them."""
                .formatted(cause.schema(), cause.tablePrefix(), cause.mode().name().toLowerCase(java.util.Locale.ROOT));
        String action = """
                Either let EventCore create them at startup (the script is idempotent) by setting \
                eventcore.postgres.initialize-schema=always, or create them with your migrations from \
                classpath:io/eventcore/store/postgres/schema-postgresql.sql, replacing ${schema} with '%s' and \
                ${prefix} with '%s'. Check also that eventcore.postgres.schema and eventcore.postgres.table-prefix \
                name the tables you migrated."""
                .formatted(cause.schema(), cause.tablePrefix());
        return new FailureAnalysis(description, action, cause);
    }
}
