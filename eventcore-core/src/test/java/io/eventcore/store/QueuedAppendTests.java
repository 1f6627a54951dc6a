package io.eventcore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.EventCoreException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** How {@link QueuedAppend#awaitCommitted} turns the outcomes of an append's dependencies into its own. */
class QueuedAppendTests {

    private static final StreamId ACCOUNT = StreamId.of("account-1");
    private static final AppendRequest DEPENDENT = AppendRequest.of(ACCOUNT, ExpectedVersion.exact(2),
            List.of(new PendingEvent(UUID.randomUUID(), ACCOUNT, "Deposited", "{}", EventMetadata.EMPTY)));

    private final List<String> awaited = new ArrayList<>();

    @Test
    void noConflictWhenEveryDependencyCommittedAndEachIsAwaitedInOrder() {
        @Nullable StreamVersionConflictException conflict = QueuedAppend.awaitCommitted(DEPENDENT,
                List.of(committed("first"), committed("second")));

        assertThat(conflict).isNull();
        assertThat(awaited).containsExactly("first", "second");
    }

    @Test
    void noDependenciesMeansNoConflict() {
        assertThat(QueuedAppend.awaitCommitted(DEPENDENT, List.of())).isNull();
    }

    @Test
    void firstFailedDependencyBecomesTheDependentsConflictAndLaterOnesAreNotAwaited() {
        EventStoreUnavailableException failure = new EventStoreUnavailableException("connection lost",
                new IOException("connection reset"));

        @Nullable StreamVersionConflictException conflict = QueuedAppend.awaitCommitted(DEPENDENT,
                List.of(committed("first"), failed("second", failure), committed("third")));

        assertThat(conflict).isNotNull();
        assertThat(conflict.streamId()).isEqualTo(ACCOUNT);
        assertThat(conflict.expected()).isEqualTo(ExpectedVersion.exact(2));
        assertThat(conflict).hasCause(failure).hasMessageContaining("connection lost");
        assertThat(awaited).containsExactly("first", "second");
    }

    private QueuedAppend committed(String name) {
        return tracked(name, QueuedAppend.of(new AppendResult(List.of(), Map.of(ACCOUNT, 1L))));
    }

    private QueuedAppend failed(String name, EventCoreException failure) {
        return tracked(name, QueuedAppend.failed(failure));
    }

    /** The outcome, with each wait for it recorded under the name. */
    private QueuedAppend tracked(String name, QueuedAppend outcome) {
        return new QueuedAppend() {
            @Override
            public AppendResult await() {
                awaited.add(name);
                return outcome.await();
            }

            @Override
            public boolean isDone() {
                return outcome.isDone();
            }

            @Override
            public boolean committed() {
                return outcome.committed();
            }
        };
    }
}
