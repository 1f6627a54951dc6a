package io.eventcore.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CheckpointStore} in memory, for tests and for applications on the in-memory event
 * store. It does not survive a restart, and it is not a {@link TransactionalCheckpointStore}, so
 * transactional projections need the PostgreSQL store. Thread-safe.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, SkippedEvent>> skipped = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryCheckpointStore() {}

    @Override
    public OptionalLong load(String projection) {
        Long position = positions.get(Objects.requireNonNull(projection, "projection must not be null"));
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    @Override
    public void save(String projection, long position) {
        Objects.requireNonNull(projection, "projection must not be null");
        checkPosition(position);
        positions.put(projection, position);
    }

    @Override
    public boolean compareAndSet(String projection, long expected, long position) {
        Objects.requireNonNull(projection, "projection must not be null");
        checkPosition(position);
        boolean[] saved = {false};
        positions.compute(projection, (name, current) -> {
            long actual = current == null ? 0 : current;
            if (actual != expected) {
                return current;
            }
            saved[0] = true;
            return position;
        });
        return saved[0];
    }

    @Override
    public void recordSkipped(SkippedEvent event) {
        Objects.requireNonNull(event, "skipped must not be null");
        skipped.computeIfAbsent(event.projection(), name -> new ConcurrentHashMap<>()).put(event.position(), event);
    }

    @Override
    public List<SkippedEvent> skipped(String projection) {
        Map<Long, SkippedEvent> events = skipped.get(Objects.requireNonNull(projection, "projection must not be null"));
        if (events == null) {
            return List.of();
        }
        List<SkippedEvent> sorted = new ArrayList<>(events.values());
        sorted.sort(Comparator.comparingLong(SkippedEvent::position));
        return List.copyOf(sorted);
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be at least 0, was " + position);
        }
    }

    @Override
    public String toString() {
        return "InMemoryCheckpointStore" + positions;
    }
}
