package io.eventcore.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.autoconfigure.scan.Closed;
import io.eventcore.autoconfigure.scan.ScannedEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

class EventTypeScannerTests {

    private final EventTypeScanner scanner = new EventTypeScanner(new StandardEnvironment(), new DefaultResourceLoader());

    @Test
    void findsAnnotatedTopLevelAndNestedRecordsAndNothingElse() {
        assertThat(scanner.scan(List.of("io.eventcore.autoconfigure.scan")))
                .containsExactlyInAnyOrder(Closed.class, ScannedEvents.Opened.class);
    }

    @Test
    void findsNothingWithoutPackages() {
        assertThat(scanner.scan(List.of())).isEmpty();
    }
}
