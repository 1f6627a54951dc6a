package io.eventcore.benchmarks;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Time-ordered event ids (UUIDv7 layout) without {@code SecureRandom}, as an importer would make them. */
final class Ids {

    private Ids() {
    }

    static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
