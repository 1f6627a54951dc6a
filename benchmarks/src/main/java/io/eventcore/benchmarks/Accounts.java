package io.eventcore.benchmarks;

import io.eventcore.StreamId;
import java.util.concurrent.ThreadLocalRandom;

/** A fixed set of account stream ids, built once so that no benchmark allocates them per operation. */
final class Accounts {

    private final StreamId[] ids;

    /**
     * @param prefix stream id prefix, unique per run where streams must start empty
     * @param count number of accounts
     */
    Accounts(String prefix, int count) {
        ids = new StreamId[count];
        for (int i = 0; i < count; i++) {
            ids[i] = StreamId.of(prefix + i);
        }
    }

    int size() {
        return ids.length;
    }

    StreamId get(int index) {
        return ids[index];
    }

    StreamId random() {
        return ids[ThreadLocalRandom.current().nextInt(ids.length)];
    }

    /** A random account other than {@code other}. */
    StreamId randomOtherThan(StreamId other) {
        StreamId id;
        do {
            id = random();
        } while (id.equals(other));
        return id;
    }

    static long randomAmount() {
        return 1 + ThreadLocalRandom.current().nextInt(100);
    }
}
