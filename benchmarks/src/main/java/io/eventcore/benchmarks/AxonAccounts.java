package io.eventcore.benchmarks;

import java.util.concurrent.ThreadLocalRandom;

/** Account ids for the Axon benchmarks, the same names EventCore's use. */
final class AxonAccounts {

    private AxonAccounts() {
    }

    static String[] ids(String prefix, int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = prefix + i;
        }
        return ids;
    }

    static String random(String[] ids) {
        return ids[ThreadLocalRandom.current().nextInt(ids.length)];
    }
}
