/**
 * An {@link io.eventcore.store.EventStore} that keeps every event in memory: {@link
 * io.eventcore.store.memory.InMemoryEventStore}. It has the same guarantees as any other store and
 * suits tests and applications that need no durability.
 */
@NullMarked
package io.eventcore.store.memory;

import org.jspecify.annotations.NullMarked;
