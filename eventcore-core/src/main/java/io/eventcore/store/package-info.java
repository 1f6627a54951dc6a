/**
 * The {@link io.eventcore.store.EventStore} SPI: what a store must do, and the values it reads
 * and writes. Stores live in sub-packages ({@code memory}, {@code postgres}).
 */
@NullMarked
package io.eventcore.store;

import org.jspecify.annotations.NullMarked;
