/**
 * A small Spring Boot application for the one full-context test: its own events (found by the
 * package scan) and commands, on PostgreSQL, with the Actuator over HTTP.
 */
@NullMarked
package io.eventcore.autoconfigure.app;

import org.jspecify.annotations.NullMarked;
