package io.eventcore.projection;

import static io.eventcore.projection.ProjectionTesting.append;
import static io.eventcore.projection.ProjectionTesting.await;
import static io.eventcore.projection.ProjectionTesting.awaitCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.EventSerializationException;
import io.eventcore.projection.ProjectionTesting.SimulatedCrash;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventStore;
import io.eventcore.store.memory.InMemoryEventStore;
import io.eventcore.testing.ForwardingEventStore;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Noted;
import io.eventcore.testing.TestEvents.Withdrawn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscriptions on the in-memory store: delivery, failure policies, operations, failover. */
class ProjectionManagerTests {

    private static final Duration FAST_BACKOFF = Duration.ofMillis(5);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemoryProjectionCoordinator coordinator = new InMemoryProjectionCoordinator();
    private final List<ProjectionManager> managers = new ArrayList<>();

    @AfterEach
    void closeManagers() {
        managers.forEach(ProjectionManager::close);
    }

    private ProjectionManager manager(EventStore eventStore, ProjectionListener listener, Projection... projections) {
        ProjectionManager manager = ProjectionManager.builder(eventStore, checkpoints)
                .coordinator(coordinator)
                .listener(listener)
                .pollInterval(Duration.ofMinutes(10))
                .leadershipRetryInterval(Duration.ofMillis(20))
                .build();
        managers.add(manager);
        for (Projection projection : projections) {
            manager.register(projection);
        }
        manager.start();
        return manager;
    }

    private ProjectionManager manager(Projection... projections) {
        return manager(store, ProjectionListener.NONE, projections);
    }

    @Test
    void backlogAndLiveEventsFromConcurrentWritersArriveOnceInPositionOrder() throws Exception {
        for (int i = 0; i < 300; i++) {
            append(store, "account-" + (i % 7), new Deposited(i + 1));
        }
        List<Long> positions = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> balances = new ConcurrentHashMap<>();
        ProjectionManager manager = manager(Projection.atLeastOnce("balances", event -> {
                    positions.add(event.position());
                    ProjectionTesting.apply(balances, event);
                })
                .eventTypes(Deposited.class, Withdrawn.class)
                .batchSize(50)
                .build());

        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            done.add(writers.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    String account = "account-" + ThreadLocalRandom.current().nextInt(7);
                    append(store, account, i % 3 == 0 ? new Withdrawn(2) : new Deposited(5));
                    if (i % 50 == 0) {
                        append(store, "notes", new Noted("not for balances"));
                    }
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        writers.shutdown();
        awaitCaughtUp(manager, "balances", store);

        List<EventEnvelope> log = ProjectionTesting.readAll(store, EventFilter.types("test-deposited", "test-withdrawn"));
        assertThat(positions).containsExactlyElementsOf(log.stream().map(EventEnvelope::position).toList());
        assertThat(balances).isEqualTo(ProjectionTesting.balances(log));
        ProjectionStatus status = manager.status("balances").orElseThrow();
        assertThat(status.lagEvents()).isZero();
        assertThat(status.eventsHandled()).isEqualTo(1300);
        assertThat(status.leader()).isTrue();
    }

    @Test
    void projectionReadsOnlyTheTypesAndStreamsItsFilterPasses() {
        append(store, "account-1", new Deposited(1));
        append(store, "account-2", new Withdrawn(1));
        append(store, "order-1", new Deposited(1));
        append(store, "account-33", new Noted("x"));
        List<String> byPrefix = new CopyOnWriteArrayList<>();
        List<String> byPattern = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(
                Projection.atLeastOnce("prefix", event -> byPrefix.add(event.streamId().value()))
                        .eventTypes(Deposited.class).eventTypes("test-withdrawn").streamPrefix("account-").build(),
                Projection.atLeastOnce("pattern", event -> byPattern.add(event.streamId().value()))
                        .streamPattern("account-[0-9]").build());

        awaitCaughtUp(manager, "prefix", store);
        awaitCaughtUp(manager, "pattern", store);

        assertThat(byPrefix).containsExactly("account-1", "account-2");
        assertThat(byPattern).containsExactly("account-1", "account-2");
    }

    @Test
    void liveEventWakesACaughtUpProjectionWithoutWaitingForThePollInterval() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        ProjectionManager manager = ProjectionManager.builder(store, checkpoints)
                .pollInterval(Duration.ofMinutes(10))
                .leadershipRetryInterval(Duration.ofMinutes(10))
                .build();
        managers.add(manager);
        manager.register(Projection.atLeastOnce("live", event -> seen.add(event.position())).build());
        manager.start();
        await("projection is live", () -> manager.status("live").orElseThrow().state() == ProjectionState.LIVE);

        EventEnvelope appended = append(store, "s", new Noted("wake up"));

        // The poll interval is ten minutes: only the store's watch can deliver this in time.
        await("the event is delivered", () -> seen.contains(appended.position()));
    }

    @Test
    void skipPolicyRecordsTheFailingEventAndOtherProjectionsAreNotHeldUp() {
        append(store, "s", new Noted("ok"));
        EventEnvelope poison = append(store, "s", new Noted("poison"));
        append(store, "s", new Noted("ok again"));
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(
                Projection.atLeastOnce("skipping", event -> {
                    if (((Noted) event.payload()).text().equals("poison")) {
                        throw new IllegalStateException("cannot handle poison");
                    }
                    handled.add(((Noted) event.payload()).text());
                }).failurePolicy(FailurePolicy.skip()).build(),
                Projection.atLeastOnce("other", event -> other.add(((Noted) event.payload()).text())).build());

        awaitCaughtUp(manager, "skipping", store);
        awaitCaughtUp(manager, "other", store);

        assertThat(handled).containsExactly("ok", "ok again");
        assertThat(other).containsExactly("ok", "poison", "ok again");
        assertThat(manager.skipped("skipping")).singleElement().satisfies(skipped -> {
            assertThat(skipped.position()).isEqualTo(poison.position());
            assertThat(skipped.streamId()).isEqualTo("s");
            assertThat(skipped.eventType()).isEqualTo("test-noted");
            assertThat(skipped.error()).contains("IllegalStateException", "cannot handle poison");
        });
        ProjectionStatus status = manager.status("skipping").orElseThrow();
        assertThat(status.eventsSkipped()).isEqualTo(1);
        assertThat(status.lastError()).isNotNull();
        assertThat(status.lastError().position()).isEqualTo(poison.position());
    }

    @Test
    void stopPolicyHaltsBeforeTheFailingEventUntilResumed() {
        append(store, "s", new Noted("ok"));
        EventEnvelope poison = append(store, "s", new Noted("poison"));
        append(store, "s", new Noted("after"));
        AtomicInteger fixed = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(Projection.atLeastOnce("stopping", event -> {
            String text = ((Noted) event.payload()).text();
            if (text.equals("poison") && fixed.get() == 0) {
                throw new IllegalStateException("bug");
            }
            handled.add(text);
        }).failurePolicy(FailurePolicy.stop()).build());

        await("projection fails", () -> manager.status("stopping").orElseThrow().state() == ProjectionState.FAILED);
        ProjectionStatus failed = manager.status("stopping").orElseThrow();
        assertThat(handled).containsExactly("ok");
        assertThat(failed.position()).isEqualTo(poison.position() - 1);
        await("checkpoint saved before the failing event",
                () -> checkpoints.load("stopping").orElse(-1) == poison.position() - 1);
        assertThat(failed.lastError().message()).isEqualTo("bug");
        assertThat(failed.lastError().eventType()).isEqualTo("test-noted");

        fixed.set(1);
        manager.resume("stopping");

        awaitCaughtUp(manager, "stopping", store);
        assertThat(handled).containsExactly("ok", "poison", "after");
        assertThat(manager.status("stopping").orElseThrow().lastError()).isNull();
    }

    @Test
    void retryPolicyTriesTheSameEventAgainUntilTheHandlerSucceeds() {
        append(store, "s", new Noted("flaky"));
        append(store, "s", new Noted("next"));
        AtomicInteger attempts = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Integer> reportedAttempts = new CopyOnWriteArrayList<>();
        ProjectionListener listener = new ProjectionListener() {
            @Override
            public void eventFailed(String projection, long position, String eventType, Throwable error, int attempt) {
                reportedAttempts.add(attempt);
            }
        };
        ProjectionManager manager = manager(store, listener, Projection.atLeastOnce("retrying", event -> {
            String text = ((Noted) event.payload()).text();
            if (text.equals("flaky") && attempts.incrementAndGet() < 4) {
                throw new IllegalStateException("not yet");
            }
            handled.add(text);
        }).failurePolicy(FailurePolicy.retry(FAST_BACKOFF, FAST_BACKOFF)).build());

        awaitCaughtUp(manager, "retrying", store);

        assertThat(handled).containsExactly("flaky", "next");
        assertThat(reportedAttempts).containsExactly(1, 2, 3);
    }

    @Test
    void retryPolicyWithALimitAppliesItsFallbackWhenExhausted() {
        EventEnvelope poison = append(store, "s", new Noted("always fails"));
        append(store, "s", new Noted("next"));
        AtomicInteger attempts = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(Projection.atLeastOnce("limited", event -> {
            String text = ((Noted) event.payload()).text();
            if (text.equals("always fails")) {
                attempts.incrementAndGet();
                throw new IllegalStateException("permanent");
            }
            handled.add(text);
        }).failurePolicy(FailurePolicy.retry(3, FAST_BACKOFF, FAST_BACKOFF, FailurePolicy.skip())).build());

        awaitCaughtUp(manager, "limited", store);

        assertThat(attempts).hasValue(3);
        assertThat(handled).containsExactly("next");
        assertThat(manager.skipped("limited")).extracting(SkippedEvent::position).containsExactly(poison.position());
    }

    @Test
    void undecodableEventIsSkippedAndRecordedUnderSkipPolicyWithEveryOtherEventDelivered() {
        for (int i = 0; i < 10; i++) {
            append(store, "s", new Noted("n" + i));
        }
        UndecodableStore undecodable = new UndecodableStore(store, Set.of(4L, 8L));
        List<Long> handled = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(undecodable, ProjectionListener.NONE,
                Projection.atLeastOnce("decoding", event -> handled.add(event.position()))
                        .batchSize(100)
                        .failurePolicy(FailurePolicy.skip())
                        .build());

        awaitCaughtUp(manager, "decoding", store);

        assertThat(handled).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 9L, 10L);
        assertThat(manager.skipped("decoding")).extracting(SkippedEvent::position, SkippedEvent::eventType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "test-noted"),
                        org.assertj.core.groups.Tuple.tuple(8L, "test-noted"));
    }

    @Test
    void undecodableEventStopsTheProjectionUnderStopPolicyAndIsNeverDropped() {
        for (int i = 0; i < 5; i++) {
            append(store, "s", new Noted("n" + i));
        }
        UndecodableStore undecodable = new UndecodableStore(store, Set.of(3L));
        List<Long> handled = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(undecodable, ProjectionListener.NONE,
                Projection.atLeastOnce("strict", event -> handled.add(event.position()))
                        .failurePolicy(FailurePolicy.stop())
                        .build());

        await("projection fails", () -> manager.status("strict").orElseThrow().state() == ProjectionState.FAILED);
        assertThat(handled).containsExactly(1L, 2L);
        assertThat(manager.status("strict").orElseThrow().lastError().exceptionType())
                .isEqualTo(EventSerializationException.class.getName());

        undecodable.heal();
        manager.resume("strict");
        awaitCaughtUp(manager, "strict", store);
        assertThat(handled).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(manager.skipped("strict")).isEmpty();
    }

    @Test
    void crashAfterTheHandlerReplaysAtMostTheUnfinishedBatch() {
        for (int i = 0; i < 100; i++) {
            append(store, "s", new Noted("n" + i));
        }
        List<Long> firstRun = new CopyOnWriteArrayList<>();
        ProjectionManager crashing = manager(Projection.atLeastOnce("crashy", event -> {
                    firstRun.add(event.position());
                    if (event.position() == 37) {
                        throw new SimulatedCrash();
                    }
                })
                .checkpointEvery(10, Duration.ofHours(1))
                .build());
        await("the runner crashes", () -> crashing.status("crashy").orElseThrow().state() == ProjectionState.FAILED);
        crashing.close();
        assertThat(checkpoints.load("crashy")).hasValue(30);

        List<Long> secondRun = new CopyOnWriteArrayList<>();
        ProjectionManager restarted = manager(Projection.atLeastOnce("crashy", event -> secondRun.add(event.position()))
                .checkpointEvery(10, Duration.ofHours(1))
                .build());
        awaitCaughtUp(restarted, "crashy", store);

        List<Long> replayed = secondRun.stream().filter(firstRun::contains).toList();
        assertThat(replayed).containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L);
        assertThat(replayed.size()).isLessThanOrEqualTo(10);
        assertThat(secondRun).hasSize(70).startsWith(31L).endsWith(100L);
    }

    @Test
    void pausedProjectionReceivesNothingAndReportsItsLagUntilResumed() {
        append(store, "s", new Noted("before"));
        List<String> handled = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(
                Projection.atLeastOnce("pausable", event -> handled.add(((Noted) event.payload()).text())).build());
        awaitCaughtUp(manager, "pausable", store);

        // pause returns once the runner has stopped, so the status an operator reads next is PAUSED
        assertThat(manager.pause("pausable")).isTrue();
        assertThat(manager.status("pausable").orElseThrow().state()).isEqualTo(ProjectionState.PAUSED);
        append(store, "s", new Noted("during 1"));
        append(store, "s", new Noted("during 2"));
        await("lag reaches 2", () -> manager.status("pausable").orElseThrow().lagEvents() == 2);
        await("lag time is known", () -> manager.status("pausable").orElseThrow().lagTime().compareTo(Duration.ZERO) > 0);
        assertThat(handled).containsExactly("before");
        assertThat(manager.status("pausable").orElseThrow().leader()).isTrue();

        assertThat(manager.resume("pausable")).isTrue();
        assertThat(manager.status("pausable").orElseThrow().state()).isNotEqualTo(ProjectionState.PAUSED);
        awaitCaughtUp(manager, "pausable", store);
        assertThat(handled).containsExactly("before", "during 1", "during 2");
        assertThat(manager.status("pausable").orElseThrow().lagTime()).isEqualTo(Duration.ZERO);
    }

    @Test
    void resetToZeroClearsTheReadModelAndRebuildsIt() {
        for (int i = 0; i < 20; i++) {
            append(store, "account-1", new Deposited(1));
        }
        Map<String, Long> balances = new ConcurrentHashMap<>();
        List<Long> resets = new CopyOnWriteArrayList<>();
        ProjectionHandler handler = new ProjectionHandler() {
            @Override
            public void handle(EventEnvelope event) {
                ProjectionTesting.apply(balances, event);
            }

            @Override
            public void reset(long position) {
                resets.add(position);
                balances.clear();
            }
        };
        ProjectionManager manager = manager(Projection.atLeastOnce("rebuildable", handler).build());
        awaitCaughtUp(manager, "rebuildable", store);
        assertThat(balances).containsEntry("account-1", 20L);

        manager.reset("rebuildable", 0);
        awaitCaughtUp(manager, "rebuildable", store);

        assertThat(resets).containsExactly(0L);
        assertThat(balances).containsEntry("account-1", 20L);
        assertThat(manager.status("rebuildable").orElseThrow().eventsHandled()).isEqualTo(40);
    }

    @Test
    void resetToAPositionDeliversOnlyTheEventsAfterIt() {
        for (int i = 0; i < 10; i++) {
            append(store, "s", new Noted("n" + i));
        }
        List<Long> handled = new CopyOnWriteArrayList<>();
        ProjectionManager manager = manager(Projection.atLeastOnce("partial", event -> handled.add(event.position())).build());
        awaitCaughtUp(manager, "partial", store);
        handled.clear();

        manager.reset("partial", 7);
        awaitCaughtUp(manager, "partial", store);

        assertThat(handled).containsExactly(8L, 9L, 10L);
        // the runner shows its position before it saves the checkpoint
        await("the checkpoint reaches 10", () -> checkpoints.load("partial").orElse(0) == 10);
    }

    private static ProjectionListener recordingStatesIn(List<ProjectionState> states) {
        return new ProjectionListener() {
            @Override
            public void stateChanged(String projection, ProjectionState from, ProjectionState to) {
                states.add(to);
            }
        };
    }

    @Test
    void standbyTakesOverWhenTheLeaderLosesItsLeadershipAndNoEventIsLost() {
        Set<Long> seenByA = ConcurrentHashMap.newKeySet();
        Set<Long> seenByB = ConcurrentHashMap.newKeySet();
        List<ProjectionState> statesOfA = new CopyOnWriteArrayList<>();
        ProjectionListener watchA = recordingStatesIn(statesOfA);
        ProjectionManager a = manager(store, watchA,
                Projection.atLeastOnce("shared", event -> seenByA.add(event.position())).checkpointEvery(1, Duration.ofSeconds(1)).build());
        await("A leads", () -> a.status("shared").orElseThrow().leader());
        List<ProjectionState> statesOfB = new CopyOnWriteArrayList<>();
        ProjectionListener watchB = recordingStatesIn(statesOfB);
        ProjectionManager b = manager(store, watchB,
                Projection.atLeastOnce("shared", event -> seenByB.add(event.position())).checkpointEvery(1, Duration.ofSeconds(1)).build());
        // B starts on its own thread: it stands by once it has asked for the leadership and been refused
        await("B stands by", () -> b.status("shared").orElseThrow().state() == ProjectionState.STANDBY);
        append(store, "s", new Noted("1"));
        awaitCaughtUp(a, "shared", store);
        assertThat(b.status("shared").orElseThrow().state()).isEqualTo(ProjectionState.STANDBY);
        assertThat(seenByB).isEmpty();

        a.close();
        append(store, "s", new Noted("2"));

        await("B takes over", () -> b.status("shared").orElseThrow().leader());
        awaitCaughtUp(b, "shared", store);
        assertThat(seenByB).containsExactly(2L);
        assertThat(statesOfA).endsWith(ProjectionState.STOPPED);

        int statesBeforeRevoke = statesOfB.size();
        coordinator.revoke("shared");
        append(store, "s", new Noted("3"));

        // B may deliver the new event before it notices the revoke (at least once): what counts is
        // that it steps down, takes the leadership back and has the event afterwards
        await("B steps down, regains the leadership and delivers the new event", () -> {
            List<ProjectionState> states = List.copyOf(statesOfB);
            return states.subList(statesBeforeRevoke, states.size()).contains(ProjectionState.STANDBY)
                    && b.status("shared").orElseThrow().leader() && seenByB.contains(3L);
        });
        awaitCaughtUp(b, "shared", store);
        assertThat(seenByB).containsExactlyInAnyOrder(2L, 3L);
    }

    @Test
    void aLeaderThatLosesItsLeadershipLeavesItToTheStandbyForOneRetryInterval() {
        AtomicInteger asksOfA = new AtomicInteger();
        ProjectionCoordinator countingA = projection -> {
            asksOfA.incrementAndGet();
            return coordinator.tryAcquire(projection);
        };
        Set<Long> seenByA = ConcurrentHashMap.newKeySet();
        Set<Long> seenByB = ConcurrentHashMap.newKeySet();
        // A would ask again only after ten minutes, B every 20 ms.
        ProjectionManager a = ProjectionManager.builder(store, checkpoints)
                .coordinator(countingA)
                .pollInterval(Duration.ofMinutes(10))
                .leadershipRetryInterval(Duration.ofMinutes(10))
                .build();
        managers.add(a);
        a.register(Projection.atLeastOnce("handover", event -> seenByA.add(event.position())).build());
        a.start();
        await("A leads", () -> a.status("handover").orElseThrow().leader());
        ProjectionManager b = manager(Projection.atLeastOnce("handover", event -> seenByB.add(event.position())).build());
        await("B is on standby", () -> b.status("handover").orElseThrow().state() == ProjectionState.STANDBY);

        // As when the leader's database session is terminated: the lock is free the moment A loses it.
        coordinator.revoke("handover");
        EventEnvelope event = append(store, "s", new Noted("after the loss"));

        await("B takes over", () -> b.status("handover").orElseThrow().leader());
        awaitCaughtUp(b, "handover", store);
        await("A stands by", () -> !a.status("handover").orElseThrow().leader()
                && a.status("handover").orElseThrow().state() == ProjectionState.STANDBY);
        a.close();
        assertThat(asksOfA).as("A asked only once, when it started").hasValue(1);
        assertThat(seenByA).doesNotContain(event.position());
        assertThat(seenByB).containsExactly(event.position());
    }

    @Test
    void transactionalProjectionNeedsATransactionalCheckpointStore() {
        ProjectionManager manager = ProjectionManager.builder(store, checkpoints).build();
        managers.add(manager);

        assertThatThrownBy(() -> manager.register(Projection.transactional("tx", (event, connection) -> {}).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TransactionalCheckpointStore");
    }

    @Test
    void registeringTwoProjectionsWithOneNameFails() {
        ProjectionManager manager = manager(Projection.atLeastOnce("twice", event -> {}).build());

        assertThatThrownBy(() -> manager.register(Projection.atLeastOnce("twice", event -> {}).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void listenerSeesEveryHandledEventAndTheCheckpoints() {
        for (int i = 0; i < 5; i++) {
            append(store, "s", new Noted("n" + i));
        }
        List<Long> handled = new CopyOnWriteArrayList<>();
        List<Long> saved = new CopyOnWriteArrayList<>();
        ProjectionListener listener = new ProjectionListener() {
            @Override
            public void eventHandled(String projection, EventEnvelope event, Duration duration) {
                if (!duration.isNegative()) {
                    handled.add(event.position());
                }
            }

            @Override
            public void checkpointSaved(String projection, long position) {
                saved.add(position);
            }
        };
        ProjectionManager manager = manager(store, listener, Projection.atLeastOnce("observed", event -> {}).build());

        awaitCaughtUp(manager, "observed", store);
        await("checkpoint saved", () -> saved.contains(5L));
        assertThat(handled).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void statusOfAnUnknownProjectionIsEmptyAndOperationsOnItFail() {
        ProjectionManager manager = manager();

        assertThat(manager.status("nope")).isEmpty();
        assertThatThrownBy(() -> manager.pause("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A store whose given positions cannot be decoded, like a payload no class fits any more. */
    static final class UndecodableStore extends ForwardingEventStore {

        private volatile Set<Long> broken;

        UndecodableStore(EventStore delegate, Set<Long> broken) {
            super(delegate);
            this.broken = broken;
        }

        void heal() {
            broken = Set.of();
        }

        @Override
        public List<EventEnvelope> readAll(long afterPosition, EventFilter filter, int limit) {
            List<EventEnvelope> page = delegate.readAll(afterPosition, filter, limit);
            for (EventEnvelope event : page) {
                if (broken.contains(event.position())) {
                    throw new EventSerializationException("cannot decode " + event.type() + " at " + event.position(),
                            event.type(), event.position(), null);
                }
            }
            return page;
        }

        @Override
        public AutoCloseable watch(Runnable callback) {
            return delegate.watch(callback);
        }
    }
}
