package io.eventcore.testing;

import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventSink;
import io.eventcore.store.EventStore;
import io.eventcore.store.StreamRead;
import java.util.Collection;
import java.util.List;

/**
 * An {@link EventStore} that hands every call the interface does not define itself to another
 * store: tests subclass it to count, hold or break the calls they are about. {@code enqueue},
 * {@code readStream} and {@code watch} keep the interface's defaults, so an {@code enqueue} goes
 * through this store's {@link #append}.
 */
public abstract class ForwardingEventStore implements EventStore {

    /** The store the calls go to. */
    protected final EventStore delegate;

    /** @param delegate the store the calls go to */
    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void readStreams(Collection<StreamRead> reads, EventSink sink) {
        delegate.readStreams(reads, sink);
    }

    @Override
    public List<EventEnvelope> readAll(long afterPosition, EventFilter filter, int limit) {
        return delegate.readAll(afterPosition, filter, limit);
    }

    @Override
    public AppendResult append(AppendRequest request) {
        return delegate.append(request);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }
}
