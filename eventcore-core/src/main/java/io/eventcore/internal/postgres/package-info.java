/**
 * Internal helpers shared by the PostgreSQL event store and the PostgreSQL projection classes:
 * schema scripts and SQL failure mapping. Not API: may change in any release.
 */
@NullMarked
package io.eventcore.internal.postgres;

import org.jspecify.annotations.NullMarked;
