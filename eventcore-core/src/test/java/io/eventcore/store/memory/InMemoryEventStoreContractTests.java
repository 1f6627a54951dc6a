package io.eventcore.store.memory;

import io.eventcore.store.AbstractEventStoreContractTests;
import io.eventcore.store.EventStore;

/** Runs the {@link EventStore} contract against {@link InMemoryEventStore}. */
class InMemoryEventStoreContractTests extends AbstractEventStoreContractTests {

    @Override
    protected EventStore createStore() {
        return new InMemoryEventStore();
    }
}
