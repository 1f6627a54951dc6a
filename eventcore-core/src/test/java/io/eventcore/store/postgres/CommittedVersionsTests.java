package io.eventcore.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CommittedVersionsTests {

    private final CommittedVersions committed = new CommittedVersions();

    @Test
    void streamsOnlyReadAreAlwaysChecked() {
        committed.committed(Map.of("read", 4L), 10);

        assertThat(committed.toCheck(assumed("read", 4L, "written", 0L), Set.of("written")))
                .containsExactly(true, false);
    }

    @Test
    void writtenStreamIsCheckedUntilThisStoreSawItCommittedAtTheAssumedVersion() {
        assertThat(committed.toCheck(assumed("s", 3L), Set.of("s"))).containsExactly(true);

        committed.committed(Map.of("s", 2L), 10);
        assertThat(committed.toCheck(assumed("s", 3L), Set.of("s"))).containsExactly(true);

        committed.committed(Map.of("s", 3L), 11);
        assertThat(committed.toCheck(assumed("s", 3L), Set.of("s"))).containsExactly(false);
        assertThat(committed.toCheck(assumed("s", 2L), Set.of("s"))).containsExactly(false);
    }

    @Test
    void newStreamWrittenNeedsNoCheck() {
        assertThat(committed.toCheck(assumed("new", 0L), Set.of("new"))).containsExactly(false);
    }

    @Test
    void aLaterCommitSeenFirstIsNotUndone() {
        committed.committed(Map.of("s", 5L), 20);
        committed.committed(Map.of("s", 3L), 18);

        assertThat(committed.toCheck(assumed("s", 5L), Set.of("s"))).containsExactly(false);
    }

    @Test
    void counterBelowTheLastCommitForgetsEveryVersion() {
        committed.committed(Map.of("s", 5L), 20);

        committed.counterRead(20);
        assertThat(committed.toCheck(assumed("s", 5L), Set.of("s"))).containsExactly(false);
        assertThat(committed.positionFloor()).isEqualTo(20);

        committed.counterRead(0);
        assertThat(committed.toCheck(assumed("s", 5L), Set.of("s"))).containsExactly(true);
        assertThat(committed.positionFloor()).isZero();
    }

    private static Map<String, Long> assumed(Object... idsAndVersions) {
        Map<String, Long> assumed = new TreeMap<>();
        for (int i = 0; i < idsAndVersions.length; i += 2) {
            assumed.put((String) idsAndVersions[i], (Long) idsAndVersions[i + 1]);
        }
        return assumed;
    }
}
