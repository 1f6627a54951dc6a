package io.eventcore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Event;
import io.eventcore.testing.TestEvents.Noted;
import io.eventcore.testing.TestEvents.Withdrawn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test events survive the serializer that serializing stores use, so they fit every store. */
class TestEventsTests {

    private final JacksonEventSerializer serializer = new JacksonEventSerializer(TestEvents.registry());

    @Test
    void everyTestEventRoundTripsThroughJacksonSerializer() {
        for (Event event : List.of(new Noted("text"), new Deposited(10), new Withdrawn(3))) {
            String type = serializer.typeName(event);

            Object decoded = serializer.deserialize(type, serializer.serialize(event), 1);

            assertThat(decoded).isEqualTo(event);
        }
    }

    @Test
    void registryNamesEveryTestEvent() {
        assertThat(List.of(Noted.class, Deposited.class, Withdrawn.class))
                .extracting(type -> TestEvents.registry().nameOf(type))
                .containsExactly("test-noted", "test-deposited", "test-withdrawn");
    }
}
