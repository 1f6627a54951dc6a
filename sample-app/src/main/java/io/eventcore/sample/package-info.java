/**
 * A small bank on EventCore: the runnable sample application. Start with {@link
 * io.eventcore.sample.SampleApplication}; the domain is in {@code account}, the HTTP API in
 * {@code web}, the balance read model in {@code balance}, and the embedded PostgreSQL used when no
 * database is configured in {@code embedded}.
 */
@NullMarked
package io.eventcore.sample;

import org.jspecify.annotations.NullMarked;
