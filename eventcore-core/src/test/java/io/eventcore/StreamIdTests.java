package io.eventcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@link StreamId}, and that a broken rule is named in the message. */
class StreamIdTests {

    @Test
    void validIdKeepsItsValue() {
        StreamId id = StreamId.of("account-42/ledger:2024 é");

        assertThat(id.value()).isEqualTo("account-42/ledger:2024 é");
        assertThat(id).hasToString("account-42/ledger:2024 é");
    }

    @Test
    void idsWithEqualTextAreEqual() {
        assertThat(StreamId.of("order-1")).isEqualTo(new StreamId("order-1")).hasSameHashCodeAs(StreamId.of("order-1"));
    }

    @Test
    void idsCompareByText() {
        assertThat(StreamId.of("a-2")).isGreaterThan(StreamId.of("a-10")).isLessThan(StreamId.of("b"));
    }

    @Test
    void nullIsRejectedNamingTheRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StreamId(null))
                .withMessage("streamId must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t \u2003"})
    void blankIdIsRejectedNamingTheRule(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.of(value))
                .withMessage("streamId must not be blank");
    }

    @Test
    void idOfMaximumLengthIsAccepted() {
        String longest = "x".repeat(StreamId.MAX_LENGTH);

        assertThat(StreamId.of(longest).value()).hasSize(255);
    }

    @Test
    void idLongerThanMaximumIsRejectedNamingTheRuleAndLength() {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.of("x".repeat(256)))
                .withMessage("streamId must be at most 255 characters, was 256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\u0000b", "a\u007fb", "a\u0085b", "tab\there"})
    void controlCharacterIsRejectedNamingTheRule(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.of(value))
                .withMessageStartingWith("streamId must not contain control characters")
                .withMessageContaining("U+%04X".formatted(value.chars().filter(Character::isISOControl).findFirst().orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order-*", "order-?", "order-[1", "order-1]"})
    void patternCharacterIsRejectedNamingTheRule(String value) {
        char reserved = value.charAt(value.length() - 1) == '1' ? '[' : value.charAt(value.length() - 1);

        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.of(value))
                .withMessageStartingWith("streamId must not contain '" + reserved + "'")
                .withMessageContaining("reserved for stream patterns")
                .withMessageEndingWith("at index " + value.indexOf(reserved));
    }
}
