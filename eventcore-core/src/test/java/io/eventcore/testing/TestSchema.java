package io.eventcore.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A schema of one test's own in the {@link TestDatabase}, and what the test opened on it: closing
 * it closes those in reverse order (stores before their pools), then drops the schema.
 */
public final class TestSchema implements AutoCloseable {

    private final String name;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private TestSchema(String name) {
        this.name = name;
    }

    /**
     * Creates a schema named after the test class.
     *
     * @param testClass the test class
     * @return the new schema
     */
    public static TestSchema create(Class<?> testClass) {
        return new TestSchema(TestDatabase.get().createSchema(testClass));
    }

    /** @return the schema's name */
    public String name() {
        return name;
    }

    /**
     * Closes the resource with the schema, before anything added earlier.
     *
     * @param resource a store, pool or other resource the test opened
     * @return the resource
     */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        TestDatabase.get().dropSchema(name);
    }
}
