package io.eventcore.autoconfigure.scan;

import io.eventcore.EventType;

/**
 * Annotated top-level record: found.
 *
 * @param id the id
 */
@EventType("scan-closed")
public record Closed(String id) {
}
