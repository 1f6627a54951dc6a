package io.eventcore.store.postgres;

import io.eventcore.EventCoreException;
import io.eventcore.EventStoreException;
import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.QueuedAppend;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One append on its way through the writer: the request, its events already serialized on the
 * caller's thread, the appends it was decided after, and the future the caller waits on.
 */
final class PendingAppend implements QueuedAppend {

    final AppendRequest request;
    final String[] payloads;
    final String[] metadata;
    final long startNanos;
    /** The writer this append was queued for. */
    final Object writer;
    /** Appends queued earlier that this one may be written only after (or with): empty for most. */
    final List<PendingAppend> after;
    private final CompletableFuture<AppendResult> outcome = new CompletableFuture<>();

    /** The streams' participating ids, as text, in request order. */
    final String[] streamIds;

    PendingAppend(AppendRequest request, String[] payloads, String[] metadata, long startNanos,
            List<PendingAppend> after, Object writer) {
        this.request = request;
        this.writer = writer;
        this.after = after;
        this.payloads = payloads;
        this.metadata = metadata;
        this.startNanos = startNanos;
        List<StreamId> ids = List.copyOf(request.expectedVersions().keySet());
        this.streamIds = new String[ids.size()];
        for (int i = 0; i < streamIds.length; i++) {
            streamIds[i] = ids.get(i).value();
        }
    }

    int eventCount() {
        return payloads.length;
    }

    List<PendingEvent> events() {
        return request.events();
    }

    @Override
    public boolean isDone() {
        return outcome.isDone();
    }

    @Override
    public boolean committed() {
        return outcome.isDone() && !outcome.isCompletedExceptionally();
    }

    /** The failure of a done append that did not commit, or {@code null}. */
    @Nullable Throwable failure() {
        if (!outcome.isCompletedExceptionally()) {
            return null;
        }
        try {
            outcome.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    void succeed(AppendResult result) {
        outcome.complete(result);
    }

    void fail(RuntimeException failure) {
        outcome.completeExceptionally(failure);
    }

    /** Blocks until the writer decided, then returns the result or throws the append's own failure. */
    @Override
    public AppendResult await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    // the append is already queued: leaving now would hide its outcome from the caller
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof EventCoreException failure) {
                        throw failure;
                    }
                    throw new EventStoreException("append failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
