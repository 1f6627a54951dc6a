/**
 * Support for testing commands without a database. Start with {@link
 * io.eventcore.testing.CommandFixture}: given earlier events, when a command runs, then exactly
 * these new events, or this error. It ships in the main {@code eventcore-core} jar and needs no
 * test framework, so application tests use it with JUnit, TestNG or anything that reports an
 * {@link java.lang.AssertionError} as a failure.
 *
 * <p>The store contract suite ({@code AbstractEventStoreContractTests}) and its test events are in
 * the {@code eventcore-core} test-jar.
 */
@NullMarked
package io.eventcore.testing;

import org.jspecify.annotations.NullMarked;
