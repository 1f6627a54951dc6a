package io.eventcore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.eventcore.store.EventEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The executor's cache of stream versions and decoded events, so that a command on a warm stream
 * needs no read before its append.
 *
 * <p>Correctness never depends on it: every append still carries the exact version the command
 * saw and the store checks it. A stale entry (another process wrote the stream) costs one version
 * conflict, after which the entry is dropped and the retry reads fresh state from the store.
 * Entries are updated after every successful append made through the executor.
 *
 * <p>Bounded by the total number of cached events ({@code maxEvents}, each stream also counting
 * one) and by a time-to-live since last write. Hit and miss statistics are recorded;
 * {@link #nativeCache()} exposes the Caffeine cache for metrics binders.
 */
public final class StreamCache {

    /** Default bound on cached events. */
    public static final long DEFAULT_MAX_EVENTS = 500_000;

    /** Default time-to-live of an entry since it was last written. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final @Nullable Cache<StreamId, Entry> cache;
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
                .recordStats()
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
        Entry entry = cache == null ? null : cache.getIfPresent(stream);
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

    @Nullable Entry get(StreamId stream) {
        return cache == null ? null : cache.getIfPresent(stream);
    }

    /**
     * Records the complete event list of a stream at {@code version}, extended by {@code appended}
     * (the events this process just wrote after it). Keeps whichever entry is newer.
     */
    void put(StreamId stream, Entry base, List<EventEnvelope> appended) {
        if (cache == null) {
            return;
        }
        put(stream, base.extend(appended));
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
        cache.asMap().computeIfPresent(stream, (id, entry) -> entry.version == previous ? entry.extend(appended) : null);
    }

    /**
     * An immutable view of a stream's first {@code size} events, sharing a growable array with
     * later views: only the view that claims the next free slots may write them, so appending one
     * event to a cached stream costs O(1) rather than a copy of the stream.
     */
    static final class Entry {

        static final Entry EMPTY = new Entry(new Buffer(new EventEnvelope[0]), 0, 0, null);

        private final Buffer buffer;
        private final int size;
        private final long version;
        // A folded state of this stream's first snapshot.size events, for commands that share a state key.
        private final @Nullable Snapshot snapshot;

        private Entry(Buffer buffer, int size, long version, @Nullable Snapshot snapshot) {
            this.buffer = buffer;
            this.size = size;
            this.version = version;
            this.snapshot = snapshot;
        }

        /** The cached state for {@code key}, folded over a prefix of this stream, or {@code null}. */
        @Nullable Snapshot snapshot(Object key) {
            Snapshot s = snapshot;
            return s != null && s.key.equals(key) && s.size <= size ? s : null;
        }

        Entry withSnapshot(Object key, int foldedEvents, @Nullable Object state) {
            return new Entry(buffer, size, version, new Snapshot(key, foldedEvents, state));
        }

        static Entry of(List<EventEnvelope> events) {
            return EMPTY.extend(events);
        }

        long version() {
            return version;
        }

        int size() {
            return size;
        }

        EventEnvelope get(int index) {
            return buffer.events[index];
        }

        Entry extend(List<EventEnvelope> appended) {
            if (appended.isEmpty()) {
                return this;
            }
            int newSize = size + appended.size();
            long newVersion = appended.get(appended.size() - 1).version();
            Buffer target = buffer;
            if (newSize > target.events.length || !target.claimed.compareAndSet(size, newSize)) {
                EventEnvelope[] copy = new EventEnvelope[Math.max(newSize, Math.max(8, size * 2))];
                System.arraycopy(buffer.events, 0, copy, 0, size);
                target = new Buffer(copy);
                target.claimed.set(newSize);
            }
            for (int i = 0; i < appended.size(); i++) {
                target.events[size + i] = appended.get(i);
            }
            return new Entry(target, newSize, newVersion, snapshot);
        }
    }

    /** A state folded from the first {@code size} events of a stream by commands with state key {@code key}. */
    record Snapshot(Object key, int size, @Nullable Object state) {}

    private static final class Buffer {

        final EventEnvelope[] events;
        final AtomicInteger claimed = new AtomicInteger();

        Buffer(EventEnvelope[] events) {
            this.events = events;
        }
    }
}
