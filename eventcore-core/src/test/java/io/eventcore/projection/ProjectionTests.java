package io.eventcore.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProjectionTests {

    @Test
    void defaultsFillOnlyWhatTheBuilderLeftUnsetEvenWhenItWasSetToTheBuiltInValue() {
        Projection unset = Projection.atLeastOnce("unset", event -> { }).build();
        Projection explicit = Projection.atLeastOnce("explicit", event -> { })
                .batchSize(Projection.DEFAULT_BATCH_SIZE)
                .checkpointEvery(Projection.DEFAULT_CHECKPOINT_EVENTS, Projection.DEFAULT_CHECKPOINT_INTERVAL)
                .build();

        Projection configured = unset.withDefaults(10, 3, Duration.ofMillis(200));
        assertThat(configured.batchSize()).isEqualTo(10);
        assertThat(configured.checkpointEvery()).isEqualTo(3);
        assertThat(configured.checkpointInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(configured.name()).isEqualTo("unset");
        assertThat(configured.handler()).isSameAs(unset.handler());

        assertThat(explicit.withDefaults(10, 3, Duration.ofMillis(200))).isSameAs(explicit);
        assertThat(unset.withDefaults(Projection.DEFAULT_BATCH_SIZE, Projection.DEFAULT_CHECKPOINT_EVENTS,
                Projection.DEFAULT_CHECKPOINT_INTERVAL)).isSameAs(unset);
    }

    @Test
    void defaultsOutOfRangeAreRefusedLikeTheBuildersValues() {
        Projection projection = Projection.atLeastOnce("p", event -> { }).build();
        assertThatThrownBy(() -> projection.withDefaults(0, 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> projection.withDefaults(1, 3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
