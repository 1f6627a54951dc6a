/**
 * The PostgreSQL {@link io.eventcore.store.EventStore}: JDBC on a plain {@link javax.sql.DataSource},
 * with group commit, global positions that readers can tail safely (gap-free from a counter, or
 * from transaction ids with parallel commits), and the schema files
 * {@code schema-postgresql.sql} and {@code schema-drop-postgresql.sql} next to it.
 *
 * <p>Start with {@link io.eventcore.store.postgres.PostgresEventStore#builder}.
 */
@NullMarked
package io.eventcore.store.postgres;

import org.jspecify.annotations.NullMarked;
