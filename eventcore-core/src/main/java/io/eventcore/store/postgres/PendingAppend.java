package io.eventcore.store.postgres;

import io.eventcore.EventCoreException;
import io.eventcore.EventStoreException;
import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.PendingEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One append on its way through the writer: the request, its events already serialized on the
 * caller's thread, and the future the caller waits on.
 */
final class PendingAppend {

    final AppendRequest request;
    final String[] payloads;
    final String[] metadata;
    final long startNanos;
    private final CompletableFuture<AppendResult> outcome = new CompletableFuture<>();

    /** The streams' participating ids, as text, in request order. */
    final String[] streamIds;

    PendingAppend(AppendRequest request, String[] payloads, String[] metadata, long startNanos) {
        this.request = request;
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

    boolean isDone() {
        return outcome.isDone();
    }

    void succeed(AppendResult result) {
        outcome.complete(result);
    }

    void fail(RuntimeException failure) {
        outcome.completeExceptionally(failure);
    }

    /** Blocks until the writer decided, then returns the result or throws the append's own failure. */
    AppendResult await() {
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
