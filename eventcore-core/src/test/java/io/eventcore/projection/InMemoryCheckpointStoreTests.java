package io.eventcore.projection;

class InMemoryCheckpointStoreTests extends AbstractCheckpointStoreContractTests {

    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

    @Override
    protected CheckpointStore store() {
        return store;
    }
}
