package io.eventcore.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading interleaved rounds of JMH JSON and taking each ratio within a round before the median. */
class PairedRatiosTests {

    private static final String SINGLE = "io.eventcore.benchmarks.SingleStreamBenchmark.singleStream";
    private static final String AXON_SINGLE = "io.eventcore.benchmarks.AxonSingleStreamBenchmark.singleStream";
    private static final String GROWTH = "io.eventcore.benchmarks.GrowthBenchmark.singleStreamOnLargeTable";

    @TempDir
    Path folder;

    @Test
    void eachRatioIsTakenWithinItsRoundBeforeTheMedian() throws IOException {
        round(1, SINGLE, 10_000, AXON_SINGLE, 2_000, GROWTH, 9_000);
        round(2, GROWTH, 7_200, AXON_SINGLE, 3_000, SINGLE, 9_000);
        round(3, SINGLE, 12_000, AXON_SINGLE, 3_000, GROWTH, 11_500);

        Map<Integer, PairedRatios.Round> rounds = PairedRatios.read(folder.toFile());

        // 5.0, 3.0 and 4.0 within the rounds; the ratio of the median throughputs would be 3.33
        assertThat(PairedRatios.medianRatios(rounds).get("singleStream / Axon")).isCloseTo(4.0, within(1e-9));
        // 0.90, 0.80 and 0.96: growth is the large table's throughput over the empty one's
        assertThat(PairedRatios.medianRatios(rounds).get("growth / singleStream")).isCloseTo(0.90, within(1e-9));
        assertThat(PairedRatios.medianRatios(rounds).get("multiStream / Axon")).isNull();
    }

    @Test
    void aRoundKnowsWhichBenchmarkRanFirstAndHowMuchCpuWasStolen() throws IOException {
        round(1, SINGLE, 10_000, AXON_SINGLE, 2_000);
        round(2, AXON_SINGLE, 3_000, SINGLE, 9_000);
        Files.writeString(folder.resolve("round-2.stolen"), "12.5\n");
        Files.writeString(folder.resolve("jmh-result.json"), "not a round");

        Map<Integer, PairedRatios.Round> rounds = PairedRatios.read(folder.toFile());

        assertThat(rounds).containsOnlyKeys(1, 2);
        assertThat(rounds.get(1).first).isEqualTo("SingleStream.singleStream");
        assertThat(rounds.get(2).first).isEqualTo("AxonSingleStream.singleStream");
        assertThat(rounds.get(1).stolen).isNull();
        assertThat(rounds.get(2).stolen).isEqualTo(12.5);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(PairedRatios.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(PairedRatios.median(List.of())).isNull();
    }

    /** Two benchmarks of a round, each in the file of its place, as {@code run.sh paired} writes them. */
    private void round(int round, String first, double firstOps, String second, double secondOps) throws IOException {
        place(round, 1, first, firstOps);
        place(round, 2, second, secondOps);
    }

    /** As {@link #round(int, String, double, String, double)}, with a third benchmark run last. */
    private void round(int round, String first, double firstOps, String second, double secondOps, String third,
            double thirdOps) throws IOException {
        round(round, first, firstOps, second, secondOps);
        place(round, 3, third, thirdOps);
    }

    private void place(int round, int place, String benchmark, double opsPerSecond) throws IOException {
        Files.writeString(folder.resolve("round-" + round + "-" + place + ".json"), result(benchmark, opsPerSecond));
    }

    /** A SampleTime result over one 10 s iteration, with the operations counter the suite records. */
    private static String result(String benchmark, double opsPerSecond) {
        return String.format(Locale.ROOT, """
                [{"benchmark": "%s", "mode": "sample", "threads": 16, "measurementTime": "10 s",
                  "primaryMetric": {"scoreUnit": "us/op", "scorePercentiles": {"50.0": 1000.0, "99.0": 2000.0}},
                  "secondaryMetrics": {"operations": {"rawData": [[%.1f]]}}}]
                """, benchmark, opsPerSecond * 10);
    }
}
