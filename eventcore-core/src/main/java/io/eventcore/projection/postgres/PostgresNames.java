package io.eventcore.projection.postgres;

import io.eventcore.EventStoreException;
import io.eventcore.internal.postgres.SchemaScripts;
import io.eventcore.internal.postgres.SqlFailures;
import java.sql.SQLException;

/** Defaults, name rules and failure mapping of the PostgreSQL projection classes. */
final class PostgresNames {

    static final String DEFAULT_SCHEMA = "public";
    static final String DEFAULT_PREFIX = "eventcore_";

    /** Leaves room for the longest table name, {@code skipped_events_pk}, within 63 characters. */
    private static final int MAX_PREFIX_LENGTH = 41;

    private PostgresNames() {}

    static String checkPrefix(String prefix) {
        return SchemaScripts.checkPrefix(prefix, MAX_PREFIX_LENGTH);
    }

    static String table(String schema, String prefix, String name) {
        return '"' + schema + "\"." + prefix + name;
    }

    static EventStoreException failure(String what, SQLException e) {
        return SqlFailures.beforeCommit(what, e, null);
    }
}
