package io.eventcore.autoconfigure.scan;

import io.eventcore.EventType;

/** Events for the package-scan tests: nested records, one of them annotated. */
public final class ScannedEvents {

    private ScannedEvents() {
    }

    /** Annotated nested record: found. */
    @EventType("scan-opened")
    public record Opened(String id) {
    }

    /** Not annotated: ignored. */
    public record Unnamed(String id) {
    }
}
