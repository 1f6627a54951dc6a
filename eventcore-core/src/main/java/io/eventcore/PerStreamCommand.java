package io.eventcore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command whose state is one value per stream, each folded from that stream's events alone: the
 * shape of a command over several entities, such as a transfer between two accounts.
 *
 * <p>Because a stream's value depends on nothing but its events, the executor keeps it in the
 * {@link StreamCache} with the stream, under {@link #stateKey()}, for every stream the command
 * reads. The next command with that key on a warm stream starts from the cached value and folds
 * only the events written after it, and a cached stream that only such commands read holds no
 * events at all, just its version and value: long streams cost the same as short ones, and the
 * cache's bound counts one per stream instead of one per event.
 *
 * <p>{@link #decide} receives every stream read, in read order, each with its value ({@link
 * #initialStreamState()} for a stream without events). Concurrency is exactly as for any {@link
 * Command}: the append carries the version of every stream read, so a read-only participant that
 * changed makes the command retry with fresh state.
 *
 * <pre>{@code
 * record Transfer(StreamId from, StreamId to, long amount) implements PerStreamCommand<Long, AccountEvent> {
 *     public Collection<StreamId> streams() { return List.of(from, to); }
 *     public Class<AccountEvent> eventType() { return AccountEvent.class; }
 *     public Object stateKey() { return "balance"; }
 *     public Long initialStreamState() { return 0L; }
 *     public Long applyToStream(Long balance, AccountEvent event) { return balance + event.delta(); }
 *     public List<NewEvent<AccountEvent>> decide(Map<StreamId, Long> balances) {
 *         if (balances.get(from) < amount) throw new CommandRejectedException("insufficient funds");
 *         return List.of(NewEvent.of(from, new Withdrawn(amount)), NewEvent.of(to, new Deposited(amount)));
 *     }
 * }
 * }</pre>
 *
 * @param <S> the value of one stream, immutable
 * @param <E> the event type this command reads and writes
 */
public interface PerStreamCommand<S, E> extends Command<Map<StreamId, S>, E> {

    /**
     * Names the per-stream fold; required. Commands returning equal keys promise that {@link
     * #initialStreamState()} and {@link #applyToStream} are the same functions for all of them and
     * depend on no command's own fields, so a value one of them folded is valid for the others. A
     * {@link Command} with the same {@link Command#stateKey()} shares the value of its first stream,
     * and so makes the same promise for that fold.
     *
     * @return the key, for example the value's class
     */
    @Override
    Object stateKey();

    /**
     * The value of a stream without events.
     *
     * @return the initial value
     */
    S initialStreamState();

    /**
     * Folds one event of a stream into that stream's value.
     *
     * @param state the stream's value so far
     * @param event the next event of the stream
     * @return the new value
     */
    S applyToStream(S state, E event);

    /**
     * Decides the events to write.
     *
     * @param states every stream read, in read order, with its value; unmodifiable
     * @return the events to append, possibly none
     * @throws CommandRejectedException if a business rule forbids the command; never retried
     */
    @Override
    List<NewEvent<E>> decide(Map<StreamId, S> states);

    /** No stream read yet. The executor folds each stream on its own and never calls this. */
    @Override
    default Map<StreamId, S> initialState() {
        return Map.of();
    }

    /**
     * The per-stream fold as a fold of the whole command, for callers other than the executor:
     * the stream's value, moved on by one event.
     */
    @Override
    default Map<StreamId, S> apply(Map<StreamId, S> states, StreamId stream, E event) {
        Map<StreamId, S> next = new HashMap<>(states);
        next.put(stream, applyToStream(states.getOrDefault(stream, initialStreamState()), event));
        return Map.copyOf(next);
    }
}
