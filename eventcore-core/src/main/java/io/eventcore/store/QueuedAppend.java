package io.eventcore.store;

import io.eventcore.EventCoreException;
import io.eventcore.StreamVersionConflictException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An append handed to a store by {@link EventStore#enqueue}, which may not have committed yet.
 *
 * <p>A caller that decides its next append on the outcome of this one, before it is known, names
 * this one as that append's dependency: the store then writes the next append only if this one
 * committed, in the same transaction or an earlier one.
 */
public interface QueuedAppend {

    /**
     * Blocks until the append committed or failed. An interrupt does not abandon the wait (the
     * append may still commit); the thread's interrupt status is set again on return.
     *
     * @return the stored events with their versions and positions
     * @throws io.eventcore.StreamVersionConflictException if a stream was not at its expected
     *     version, or a dependency did not commit; nothing was written
     * @throws io.eventcore.CommitOutcomeUnknownException if the connection failed during commit
     * @throws io.eventcore.EventStoreException if the store failed otherwise
     */
    AppendResult await();

    /** @return whether the append has its outcome */
    boolean isDone();

    /** @return whether the append committed; {@code false} while it has no outcome yet */
    boolean committed();

    /**
     * An append whose outcome is already known.
     *
     * @param result what it wrote
     * @return the committed append
     */
    static QueuedAppend of(AppendResult result) {
        return done(result, null);
    }

    /**
     * An append already known to have failed.
     *
     * @param failure why; {@link #await} throws it
     * @return the failed append
     */
    static QueuedAppend failed(EventCoreException failure) {
        return done(null, failure);
    }

    /**
     * Waits for the appends that another append was decided after, in order, for a store that
     * writes an append only once its dependencies are known to have committed.
     *
     * @param dependent the append that depends on them
     * @param dependencies the appends it was decided after
     * @return {@code null} if every dependency committed; otherwise the conflict to fail {@code
     *     dependent} with, caused by the first dependency that did not commit
     */
    static @Nullable StreamVersionConflictException awaitCommitted(AppendRequest dependent,
            Iterable<? extends QueuedAppend> dependencies) {
        for (QueuedAppend dependency : dependencies) {
            try {
                dependency.await();
            } catch (RuntimeException failure) {
                return StreamVersionConflictException.afterFailedAppend(dependent, failure);
            }
        }
        return null;
    }

    private static QueuedAppend done(@Nullable AppendResult result, @Nullable EventCoreException failure) {
        return new QueuedAppend() {
            @Override
            public AppendResult await() {
                if (failure != null) {
                    throw failure;
                }
                return Objects.requireNonNull(result);
            }

            @Override
            public boolean isDone() {
                return true;
            }

            @Override
            public boolean committed() {
                return failure == null;
            }
        };
    }
}
