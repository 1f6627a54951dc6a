package io.eventcore;

import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A command over one or more event streams: the unit of consistency in EventCore.
 *
 * <p>The {@link CommandExecutor} runs a command like this:
 *
 * <ol>
 *   <li>it reads every stream in {@link #streams()}, in that order, and folds each event into the
 *       state with {@link #apply}, starting from {@link #initialState()};
 *   <li>after each stream it asks {@link #discover} for further streams to read (dynamic
 *       consistency boundary); each stream is read at most once per attempt, breadth-first;
 *   <li>it calls {@link #decide} with the final state;
 *   <li>it appends the decided events atomically, with the exact version it saw of every stream
 *       it read, including streams it only read. If any stream changed in the meantime nothing is
 *       written and the whole command is retried with fresh state.
 * </ol>
 *
 * <p>Implementations are usually records holding the command's arguments. {@link #apply} and
 * {@link #decide} must be free of side effects: they may run several times for one execution.
 *
 * @param <S> the state folded from the streams; may be an immutable record or {@code null}-free
 *     value of any type
 * @param <E> the event type this command reads and writes, typically a sealed interface
 */
public interface Command<S extends @Nullable Object, E> {

    /**
     * Streams this command reads, in read order. At least one; duplicates collapse.
     *
     * @return the streams to read
     */
    Collection<StreamId> streams();

    /**
     * Type every event on the read streams must have. An event of another type is reported as an
     * {@link EventTypeMismatchException}, never silently skipped.
     *
     * @return the event type
     */
    Class<E> eventType();

    /**
     * State before any event is applied.
     *
     * @return the initial state
     */
    S initialState();

    /**
     * Folds one event into the state.
     *
     * @param state the state so far
     * @param stream the stream the event was read from
     * @param event the event
     * @return the new state
     */
    S apply(S state, StreamId stream, E event);

    /**
     * Further streams to read, given the state folded so far. Called after each stream is read;
     * streams already read or queued are ignored. The default discovers nothing.
     *
     * @param state the state so far
     * @return streams to read next
     */
    default Collection<StreamId> discover(S state) {
        return List.of();
    }

    /**
     * Decides the events to write.
     *
     * @param state the state folded from every read stream
     * @return the events to append, possibly none
     * @throws CommandRejectedException if a business rule forbids the command; never retried
     */
    List<NewEvent<E>> decide(S state);

    /**
     * Opts this command into cached folded state. Commands returning the same non-null key promise
     * that {@link #initialState()} and {@link #apply} do not depend on the command's own fields, so
     * the state folded from a stream by one of them is valid for all. The executor then keeps that
     * state with the cached stream and, on the next command, folds only the events after it instead
     * of the whole stream; this makes commands on long, hot streams cost the same as on short ones.
     * The state is cached for the first declared stream and must be immutable; a command over
     * several streams caches every stream's state as a {@link PerStreamCommand}. A stream that
     * only such commands read keeps no events in the cache. Default {@code null}: the state is
     * folded afresh each time.
     *
     * @return a key naming the fold, for example the state's class, or {@code null}
     */
    default @Nullable Object stateKey() {
        return null;
    }

    /**
     * Name used in metrics and logs. Defaults to the simple class name; keep it bounded (never
     * include ids).
     *
     * @return the command name
     */
    default String name() {
        return getClass().getSimpleName();
    }
}
