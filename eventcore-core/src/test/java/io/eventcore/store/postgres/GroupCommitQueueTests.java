package io.eventcore.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.EventStoreException;
import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the writer thread forms batches, with a writer that only records them: whether it waits for
 * a batch as large as the previous one, and that it never waits past its delay, for a lone caller,
 * for a batch of many events, or when the queue closes.
 */
@Timeout(60)
class GroupCommitQueueTests {

    private static final long LONG_DELAY = TimeUnit.SECONDS.toNanos(60);

    private final RecordingWriter writer = new RecordingWriter();
    private @Nullable GroupCommitQueue queue;

    @AfterEach
    void close() {
        writer.gate.countDown();
        if (queue != null) {
            queue.close(5_000);
        }
    }

    @Test
    void aSmallerBatchWaitsUntilItIsAsLargeAsThePreviousOne() throws InterruptedException {
        GroupCommitQueue queue = afterBatchesOfOneAndThree(LONG_DELAY);
        PendingAppend first = submit(queue, "b-1");
        // the writer is waiting for two more: without that, b-1 would go alone now
        Thread.sleep(200);
        submit(queue, "b-2");
        submit(queue, "b-3");

        assertThat(writer.nextBatch()).containsExactly("b-1", "b-2", "b-3");
        assertThat(first.isDone()).isTrue();
    }

    @Test
    void aBatchGoesAsItIsOnceTheDelayHasPassed() throws InterruptedException {
        GroupCommitQueue queue = afterBatchesOfOneAndThree(TimeUnit.MILLISECONDS.toNanos(50));
        submit(queue, "b-1");

        assertThat(writer.nextBatch()).containsExactly("b-1");
    }

    @Test
    void withoutADelayWhatIsQueuedGoesAtOnce() throws InterruptedException {
        GroupCommitQueue queue = afterBatchesOfOneAndThree(0);
        submit(queue, "b-1");

        assertThat(writer.nextBatch()).containsExactly("b-1");
    }

    @Test
    void aLoneCallerNeverWaits() throws InterruptedException {
        GroupCommitQueue queue = open(LONG_DELAY);
        writer.gate.countDown();
        submit(queue, "a-1");
        assertThat(writer.nextBatch()).containsExactly("a-1");
        submit(queue, "a-2");

        // the previous batch carried one append, so this one is not held back for the 60 s delay
        assertThat(writer.nextBatch()).containsExactly("a-2");
    }

    @Test
    void aBatchOfManyEventsGoesWithoutWaiting() throws InterruptedException {
        GroupCommitQueue queue = afterBatchesOfOneAndThree(LONG_DELAY);
        submit(queue, "bulk", GroupCommitQueue.GATHER_EVENTS);

        // a bulk append's commit is mostly its events: waiting 60 s for company would gain nothing
        assertThat(writer.nextBatch()).containsExactly("bulk");
    }

    @Test
    void closingWhileTheWriterWaitsWritesWhatItTook() throws InterruptedException {
        GroupCommitQueue queue = afterBatchesOfOneAndThree(LONG_DELAY);
        PendingAppend waiting = submit(queue, "b-1");
        Thread.sleep(100);

        queue.close(5_000);

        assertThat(writer.nextBatch()).containsExactly("b-1");
        assertThat(waiting.isDone()).isTrue();
    }

    /** A queue whose writer has written a batch of one, then one of three: the next should have three. */
    private GroupCommitQueue afterBatchesOfOneAndThree(long maxDelayNanos) throws InterruptedException {
        GroupCommitQueue queue = open(maxDelayNanos);
        submit(queue, "a-1");
        writer.entered.await();
        // queued while the writer is still busy with a-1
        submit(queue, "a-2");
        submit(queue, "a-3");
        submit(queue, "a-4");
        writer.gate.countDown();
        assertThat(writer.nextBatch()).containsExactly("a-1");
        assertThat(writer.nextBatch()).containsExactly("a-2", "a-3", "a-4");
        return queue;
    }

    private GroupCommitQueue open(long maxDelayNanos) {
        GroupCommitQueue opened = new GroupCommitQueue(writer, 1, 256, 10_000, maxDelayNanos, "test");
        queue = opened;
        return opened;
    }

    private static PendingAppend submit(GroupCommitQueue queue, String stream) {
        return submit(queue, stream, 1);
    }

    private static PendingAppend submit(GroupCommitQueue queue, String stream, int eventCount) {
        StreamId id = StreamId.of(stream);
        List<PendingEvent> events = new ArrayList<>();
        String[] json = new String[eventCount];
        for (int i = 0; i < eventCount; i++) {
            events.add(new PendingEvent(UUID.randomUUID(), id, "Noted", "{}", EventMetadata.EMPTY));
            json[i] = "{}";
        }
        PendingAppend append = new PendingAppend(AppendRequest.of(id, ExpectedVersion.any(), events), json, json,
                System.nanoTime(), List.of(), queue);
        queue.submit(append);
        return append;
    }

    /** Records each batch's streams; holds its first batch until the gate opens. */
    private static final class RecordingWriter implements GroupCommitQueue.BatchWriter {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        private final BlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();

        @Override
        public void write(List<PendingAppend> batch) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<String> streams = new ArrayList<>();
            for (PendingAppend append : batch) {
                streams.add(append.streamIds[0]);
                append.fail(new EventStoreException("recorded, not written", new IllegalStateException("test")));
            }
            batches.add(streams);
        }

        @Override
        public void fail(PendingAppend append, RuntimeException failure) {
            append.fail(failure);
        }

        /** The next batch written, waiting for it as long as a test may take. */
        List<String> nextBatch() throws InterruptedException {
            List<String> next = batches.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a batch written within 30 s").isNotNull();
            return next;
        }
    }
}
