package io.eventcore;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A blind append: a command that needs no state and no concurrency check.
 *
 * <p>The executor reads nothing for it and appends its events with {@link
 * io.eventcore.store.ExpectedVersion#any()}, so the only cost is the append itself. {@link
 * #streams()} names the streams it may write to.
 *
 * @param <E> the event type
 */
public interface StatelessCommand<E> extends Command<@Nullable Void, E> {

    /**
     * Decides the events to append.
     *
     * @return the events to append
     * @throws CommandRejectedException if the command is not allowed
     */
    List<NewEvent<E>> decide();

    @Override
    @SuppressWarnings("unchecked")
    default Class<E> eventType() {
        return (Class<E>) Object.class;
    }

    @Override
    default @Nullable Void initialState() {
        return null;
    }

    @Override
    default @Nullable Void apply(@Nullable Void state, StreamId stream, E event) {
        return null;
    }

    @Override
    default List<NewEvent<E>> decide(@Nullable Void state) {
        return decide();
    }
}
