/**
 * Starts an embedded PostgreSQL when the application is run without {@code spring.datasource.url},
 * so the sample runs on a machine with nothing but a JDK and Maven.
 */
@NullMarked
package io.eventcore.sample.embedded;

import org.jspecify.annotations.NullMarked;
