package io.eventcore.store.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.Set;

/**
 * With the counter: for recently written streams, a version this store has seen committed, and
 * the counter's value at its latest commit. What lets an append skip reading the version of a
 * stream it writes.
 *
 * <p>An append that expects stream {@code s} at version {@code v} writes {@code s} from version
 * {@code v + 1}. The stream-version key refuses that event if the stream is already past {@code
 * v}, so the append must only make sure the stream is not short of {@code v}. That holds for
 * {@code v = 0}, and for any {@code v} this store saw committed, since events are never removed.
 * The one exception is a log whose tables were dropped and created again. Such a log's counter
 * starts again below {@link #positionFloor()}, so the append statement takes no positions from
 * it, and {@link #counterRead} forgets every version.
 */
final class CommittedVersions {

    /** How many streams are remembered; beyond that the least recently written are forgotten. */
    static final long MAX_STREAMS = 100_000;

    // upkeep on the writing thread: no common-pool thread woken on the append path
    private final Cache<String, Long> versions =
            Caffeine.newBuilder().maximumSize(MAX_STREAMS).executor(Runnable::run).build();
    private volatile long positionFloor;

    /**
     * Which assumed streams the append statement must still read, in the map's order: every
     * stream the batch only reads, and every stream it writes at an assumed version above 0 that
     * this store has not seen committed.
     *
     * @param assumed each stream's assumed version before the batch
     * @param written the streams the batch writes
     */
    Boolean[] toCheck(Map<String, Long> assumed, Set<String> written) {
        Boolean[] check = new Boolean[assumed.size()];
        int i = 0;
        for (Map.Entry<String, Long> stream : assumed.entrySet()) {
            long version = stream.getValue();
            check[i++] = !written.contains(stream.getKey()) || version > 0 && !seen(stream.getKey(), version);
        }
        return check;
    }

    private boolean seen(String stream, long version) {
        Long committed = versions.getIfPresent(stream);
        return committed != null && committed >= version;
    }

    /**
     * Records a commit.
     *
     * @param after every participating stream's version after it
     * @param lastPosition the counter after it
     */
    void committed(Map<String, Long> after, long lastPosition) {
        positionFloor = lastPosition;
        after.forEach((stream, version) -> versions.asMap().merge(stream, version, Math::max));
    }

    /** The counter as the last commit left it: the append statement takes no positions below it. */
    long positionFloor() {
        return positionFloor;
    }

    /** Forgets every version if the counter, read under its lock, went back: the log was created again. */
    void counterRead(long last) {
        if (last < positionFloor) {
            versions.invalidateAll();
            positionFloor = last;
        }
    }
}
