/**
 * JMH benchmarks of EventCore on PostgreSQL, with a raw-JDBC baseline and Axon Framework in the
 * same run. Start with {@link io.eventcore.benchmarks.SingleStreamBenchmark}; the README of this
 * module gives the commands. Not API: nothing here is deployed.
 */
@NullMarked
package io.eventcore.benchmarks;

import org.jspecify.annotations.NullMarked;
