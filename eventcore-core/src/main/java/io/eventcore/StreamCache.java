package io.eventcore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.eventcore.store.EventEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The executor's cache of stream versions with their decoded events or folded states, so that a
 * command on a warm stream needs no read before its append.
 *
 * <p>A stream read only by commands that cache their folded state ({@link Command#stateKey()},
 * {@link PerStreamCommand}) keeps just its version and that state; once any command folds it
 * from its events, it keeps those too, extended by every append made through the executor.
 *
 * <p>Correctness never depends on it: every append still carries the exact version the command
 * saw and the store checks it. A stale entry (another process wrote the stream) costs one version
 * conflict, after which the entry is dropped and the retry reads fresh state from the store.
 * Entries are updated after every successful append made through the executor.
 *
 * <p>Bounded by the total number of cached events ({@code maxEvents}, each stream also counting
 * one, so a stream without its events counts one) and by a time-to-live since last write. Hit
 * and miss statistics are recorded (a hit is an entry that spared the command its read); {@link
 * #nativeCache()} exposes the Caffeine cache for metrics binders.
 */
public final class StreamCache {

    /** Default bound on cached events. */
    public static final long DEFAULT_MAX_EVENTS = 500_000;

    /** Default time-to-live of an entry since it was last written. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final @Nullable Cache<StreamId, Entry> cache;
    // the executor counts its own lookups: an entry that holds another fold's state is a miss for it
    private final StatsCounter stats = new ConcurrentStatsCounter();
    private final long maxEvents;
    private final Duration ttl;

    private StreamCache(long maxEvents, Duration ttl) {
        this.maxEvents = maxEvents;
        this.ttl = ttl;
        this.cache = maxEvents == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxEvents)
                .weigher((StreamId id, Entry entry) -> entry.size + 1)
                .expireAfterWrite(ttl)
                // Maintenance (eviction, expiry) runs on the writing thread: handing it to the common
                // pool woke a pool thread on nearly every append, which cost more than the work.
                .executor(Runnable::run)
                .recordStats(() -> stats)
                .build();
    }

    /**
     * Creates a cache.
     *
     * @param maxEvents bound on the number of cached events, at least 1
     * @param ttl how long an entry lives after it was last written
     * @return the cache
     */
    public static StreamCache create(long maxEvents, Duration ttl) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, was " + maxEvents);
        }
        Objects.requireNonNull(ttl, "ttl must not be null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        return new StreamCache(maxEvents, ttl);
    }

    /**
     * Creates a cache with the default bounds.
     *
     * @return the cache
     */
    public static StreamCache createDefault() {
        return create(DEFAULT_MAX_EVENTS, DEFAULT_TTL);
    }

    /**
     * A cache that holds nothing: every command reads its streams.
     *
     * @return the disabled cache
     */
    public static StreamCache disabled() {
        return new StreamCache(0, Duration.ZERO);
    }

    /** @return whether the cache holds anything at all */
    public boolean isEnabled() {
        return cache != null;
    }

    /** @return bound on the number of cached events, 0 when disabled */
    public long maxEvents() {
        return maxEvents;
    }

    /** @return time-to-live of an entry since it was last written */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Latest version the cache knows for a stream.
     *
     * @param stream the stream
     * @return the version, or empty if the stream is not cached
     */
    public OptionalLong version(StreamId stream) {
        // a look, not a lookup that could spare a read: left out of the hit and miss counts
        Entry entry = cache == null ? null : cache.asMap().get(stream);
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.version);
    }

    /**
     * Drops a stream from the cache.
     *
     * @param stream the stream
     */
    public void invalidate(StreamId stream) {
        if (cache != null) {
            cache.invalidate(stream);
        }
    }

    /** Drops every entry. */
    public void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** @return hit, miss and eviction counts since creation */
    public CacheStats stats() {
        return cache == null ? CacheStats.empty() : cache.stats();
    }

    /** @return number of cached streams (approximate) */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /**
     * The underlying Caffeine cache, for metrics binders such as Micrometer's
     * {@code CaffeineCacheMetrics}. Do not modify it.
     *
     * @return the Caffeine cache, or {@code null} when disabled
     */
    public @Nullable Cache<StreamId, ?> nativeCache() {
        return cache;
    }

    /**
     * The entry for a stream, counted as a hit only if it serves a fold under {@code key} (see
     * {@link Entry#serves}); an entry that does not is returned all the same, counted as a miss.
     */
    @Nullable Entry lookup(StreamId stream, @Nullable Object key) {
        if (cache == null) {
            return null;
        }
        // the map view updates the eviction policy but not the statistics, which are counted here
        Entry entry = cache.asMap().get(stream);
        if (entry != null && entry.serves(key)) {
            stats.recordHits(1);
        } else {
            stats.recordMisses(1);
        }
        return entry;
    }

    /** Records an entry, keeping whichever of it and the present one is newer. */
    void put(StreamId stream, Entry next) {
        if (cache == null) {
            return;
        }
        cache.asMap().merge(stream, next, (old, candidate) -> old.version > candidate.version ? old : candidate);
    }

    /**
     * Extends a cached stream by events appended without reading it (blind appends), or drops it
     * when the cache does not hold the version just before them.
     */
    void extendOrInvalidate(StreamId stream, List<EventEnvelope> appended) {
        if (cache == null || appended.isEmpty()) {
            return;
        }
        long previous = appended.get(0).version() - 1;
        cache.asMap().computeIfPresent(stream,
                (id, entry) -> entry.version == previous && entry.hasEvents() ? entry.advance(appended) : null);
    }

    /**
     * What the cache holds for a stream at a version: its events (an immutable view of the first
     * {@code size} of a growable array shared with later views: only the view that claims the next
     * free slots may write them, so appending one event costs O(1) rather than a copy of the
     * stream), or only a folded state at that version when no command has needed the events.
     */
    static final class Entry {

        private static final Buffer NO_EVENTS = new Buffer(new EventEnvelope[0]);

        // null: the events are not kept, and the snapshot is at this entry's version
        private final @Nullable Buffer buffer;
        private final int size;
        private final long version;
        private final @Nullable Snapshot snapshot;
        // a command folded this stream from its events rather than from a snapshot: keep them
        private final boolean eventsNeeded;

        private Entry(@Nullable Buffer buffer, int size, long version, @Nullable Snapshot snapshot, boolean eventsNeeded) {
            this.buffer = buffer;
            this.size = size;
            this.version = version;
            this.snapshot = snapshot;
            this.eventsNeeded = eventsNeeded;
        }

        /**
         * A stream's complete event list, as read from the store.
         *
         * @param eventsNeeded whether the events are kept even once a snapshot covers them
         */
        static Entry of(List<EventEnvelope> events, boolean eventsNeeded) {
            return new Entry(NO_EVENTS, 0, 0, null, eventsNeeded).extend(events);
        }

        /** A stream known only by its state folded under {@code key} at {@code version}. */
        static Entry snapshotAt(long version, Object key, @Nullable Object state) {
            return new Entry(null, 0, version, new Snapshot(key, version, state), false);
        }

        /**
         * Whether a command folding this stream under {@code key} can start from this entry:
         * {@code null} for a fold over the events, which must be here.
         */
        boolean serves(@Nullable Object key) {
            return buffer != null || (key != null && snapshot(key) != null);
        }

        /** The cached state for {@code key}, folded over the stream up to its version, or {@code null}. */
        @Nullable Snapshot snapshot(Object key) {
            Snapshot s = snapshot;
            return s != null && s.key.equals(key) ? s : null;
        }

        /**
         * This entry with {@code state} as the state folded under {@code key} at its version; the
         * events are dropped unless a command has needed them.
         */
        Entry withSnapshot(Object key, @Nullable Object state) {
            Snapshot next = new Snapshot(key, version, state);
            return eventsNeeded ? new Entry(buffer, size, version, next, true) : new Entry(null, 0, version, next, false);
        }

        /** This entry, keeping its events from now on. */
        Entry needingEvents() {
            return eventsNeeded ? this : new Entry(buffer, size, version, snapshot, true);
        }

        long version() {
            return version;
        }

        /** @return how many events are held: the version, or 0 when the events are not kept */
        int size() {
            return size;
        }

        boolean hasEvents() {
            return buffer != null;
        }

        EventEnvelope get(int index) {
            return Objects.requireNonNull(buffer, "events not kept").events[index];
        }

        /**
         * Moves the entry past the events just written after its version. An entry without events
         * keeps no snapshot across this: the caller folds them in and sets the next.
         */
        Entry advance(List<EventEnvelope> appended) {
            if (appended.isEmpty()) {
                return this;
            }
            if (buffer == null) {
                return new Entry(null, 0, appended.get(appended.size() - 1).version(), null, false);
            }
            return extend(appended);
        }

        private Entry extend(List<EventEnvelope> appended) {
            Buffer current = Objects.requireNonNull(buffer, "events not kept");
            if (appended.isEmpty()) {
                return this;
            }
            int newSize = size + appended.size();
            long newVersion = appended.get(appended.size() - 1).version();
            Buffer target = current;
            if (newSize > target.events.length || !target.claimed.compareAndSet(size, newSize)) {
                EventEnvelope[] copy = new EventEnvelope[Math.max(newSize, Math.max(8, size * 2))];
                System.arraycopy(current.events, 0, copy, 0, size);
                target = new Buffer(copy);
                target.claimed.set(newSize);
            }
            for (int i = 0; i < appended.size(); i++) {
                target.events[size + i] = appended.get(i);
            }
            return new Entry(target, newSize, newVersion, snapshot, eventsNeeded);
        }
    }

    /**
     * A state folded from a stream's events up to {@code version} (its first {@code version}
     * events) by commands with state key {@code key}.
     */
    record Snapshot(Object key, long version, @Nullable Object state) {}

    private static final class Buffer {

        final EventEnvelope[] events;
        final AtomicInteger claimed = new AtomicInteger();

        Buffer(EventEnvelope[] events) {
            this.events = events;
        }
    }
}
