/**
 * PostgreSQL support for projections: {@link io.eventcore.projection.postgres.PostgresCheckpointStore}
 * keeps checkpoints (and commits them in transactional projections' transactions) and
 * {@link io.eventcore.projection.postgres.PostgresProjectionCoordinator} elects one active runner
 * per projection across instances with session advisory locks. The DDL is
 * {@code schema-postgresql.sql} next to these classes.
 */
@NullMarked
package io.eventcore.projection.postgres;

import org.jspecify.annotations.NullMarked;
