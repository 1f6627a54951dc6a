package io.eventcore.store.memory;

/**
 * Append-only list with one writer and lock-free readers: elements become visible to readers only
 * when the writer {@linkplain #publish() publishes} them.
 *
 * <p>Elements live in chunks that double in size, so the list never copies what it holds and a
 * short list costs little. The chunk directory has a fixed length, so readers never see it
 * replaced; the volatile {@link #size} write in {@link #publish()} makes every element written
 * before it visible to a reader that reads {@link #size()} first.
 *
 * @param <T> element type
 */
final class PublishedList<T> {

    private static final int FIRST_CHUNK_BITS = 3;
    private static final int FIRST_CHUNK_SIZE = 1 << FIRST_CHUNK_BITS;

    private static final int CHUNKS = 28;

    // Chunk k holds 8 * 2^k elements; 28 chunks hold just under Integer.MAX_VALUE.
    private static final int MAX_SIZE = chunkStart(CHUNKS);

    private final Object[][] chunks = new Object[CHUNKS][];

    private volatile int size;

    // Written and read by the writer only, under the store's append lock.
    private int pendingSize;

    /**
     * Number of published elements; read this before {@link #get}.
     *
     * @return published size
     */
    int size() {
        return size;
    }

    /**
     * Size including elements added but not yet published. Writer only.
     *
     * @return pending size
     */
    int pendingSize() {
        return pendingSize;
    }

    /**
     * An element below a size previously read from {@link #size()}.
     *
     * @param index the index
     * @return the element
     */
    @SuppressWarnings("unchecked")
    T get(int index) {
        int chunk = chunkOf(index);
        return (T) chunks[chunk][index - chunkStart(chunk)];
    }

    /**
     * Adds an element, invisible to readers until {@link #publish()}. Writer only.
     *
     * @param element the element
     */
    void add(T element) {
        int index = pendingSize;
        if (index == MAX_SIZE) {
            throw new IllegalStateException("in-memory list is full at " + index + " elements");
        }
        int chunk = chunkOf(index);
        Object[] elements = chunks[chunk];
        if (elements == null) {
            elements = new Object[FIRST_CHUNK_SIZE << chunk];
            chunks[chunk] = elements;
        }
        elements[index - chunkStart(chunk)] = element;
        pendingSize = index + 1;
    }

    /** Makes every added element visible to readers. Writer only. */
    void publish() {
        size = pendingSize;
    }

    private static int chunkOf(int index) {
        return 31 - Integer.numberOfLeadingZeros((index >>> FIRST_CHUNK_BITS) + 1);
    }

    private static int chunkStart(int chunk) {
        return FIRST_CHUNK_SIZE * ((1 << chunk) - 1);
    }
}
