package io.eventcore.autoconfigure;

/**
 * The event tables, or the function appends call, are missing and
 * {@code eventcore.postgres.initialize-schema} forbids creating them.
 */
final class SchemaMissingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String schema;
    private final String tablePrefix;
    private final EventCoreProperties.InitializeSchema mode;

    SchemaMissingException(String schema, String tablePrefix, EventCoreProperties.InitializeSchema mode) {
        super("EventCore schema objects %s.%sevents (and companions) are missing and eventcore.postgres.initialize-schema is %s"
                .formatted(schema, tablePrefix, mode.name().toLowerCase(java.util.Locale.ROOT)));
        this.schema = schema;
        this.tablePrefix = tablePrefix;
        this.mode = mode;
    }

    String schema() {
        return schema;
    }

    String tablePrefix() {
        return tablePrefix;
    }

    EventCoreProperties.InitializeSchema mode() {
        return mode;
    }
}
