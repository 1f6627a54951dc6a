/**
 * The balance read model: a transactional projection of account events into a table, and the
 * query that lists it with the position it reflects.
 */
@NullMarked
package io.eventcore.sample.balance;

import org.jspecify.annotations.NullMarked;
