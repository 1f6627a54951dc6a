/**
 * Event type names and payload serialization. {@link io.eventcore.serialization.EventTypeRegistry}
 * maps classes to stable names; {@link io.eventcore.serialization.JacksonEventSerializer} turns
 * payloads into JSON with Jackson 3.
 */
@NullMarked
package io.eventcore.serialization;

import org.jspecify.annotations.NullMarked;
