package io.eventcore.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints a JMH JSON result file as the Markdown table the README uses: operations and events per
 * second, p50 and p99 latency, conflicts, retries and failures per operation, and the ratio of
 * each throughput to the raw-JDBC baselines (with EventCore's guarantees, and with gapped
 * positions; events per second for {@code appendOnly}, none for {@code coldRead}) and, for
 * EventCore workloads, to Axon's on the same workload. A second table checks the performance
 * issue's targets against these figures.
 *
 * <p>Operations per second come from the {@code operations} counter of {@link Outcomes} divided by
 * the measured time of each iteration, averaged over iterations, so a SampleTime-only run still
 * gives throughput. A Throughput-mode result for the same benchmark, if present, takes precedence.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.eventcore.benchmarks.ResultsTable benchmarks/target/jmh-result.json</pre>
 */
public final class ResultsTable {

    /** Labels of the rows the targets are checked against, as {@link #read} names them. */
    static final String SINGLE = "SingleStream.singleStream";
    static final String MULTI = "MultiStream.multiStream";
    static final String AXON_SINGLE = "AxonSingleStream.singleStream";
    static final String AXON_MULTI = "AxonMultiStream.multiStream";
    static final String GROWTH = "Growth.singleStreamOnLargeTable";

    private ResultsTable() {
    }

    /**
     * Prints the table.
     *
     * @param args the JMH JSON file; {@code benchmarks/target/jmh-result.json} if none is given
     */
    public static void main(String[] args) {
        Map<String, Row> rows = read(new File(args.length > 0 ? args[0] : "benchmarks/target/jmh-result.json"));
        Double baseline = throughputOf(rows, ".baseline");
        Double gapped = throughputOf(rows, ".baselineGapped");
        System.out.println("| Benchmark | Threads | ops/s | events/s | p50 ms | p99 ms | conflicts/op | retries/op"
                + " | failures/op | × baseline | × gapped baseline | × Axon |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (Row row : rows.values()) {
            Double axon = row.name.startsWith("Axon") ? null : axonFor(rows, row.name);
            // The baselines write one event per command: a bulk import compares by events written,
            // a read-only rebuild does not compare at all.
            Double comparable = row.name.contains(".coldRead") ? null
                    : row.name.contains(".appendOnly") ? row.eventsPerSecond : row.opsPerSecond;
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.name,
                    row.threads, number(row.opsPerSecond, "%,.0f"), number(row.eventsPerSecond, "%,.0f"),
                    number(row.p50, "%.2f"), number(row.p99, "%.2f"), number(row.conflicts, "%.4f"),
                    number(row.retries, "%.4f"), number(row.failures, "%.4f"), ratio(comparable, baseline),
                    ratio(comparable, gapped), ratio(row.opsPerSecond, axon));
        }
        printTargets(rows, baseline);
    }

    /**
     * The benchmarks of a JMH JSON result file, in the file's order, each merged over the modes it
     * ran in.
     */
    static Map<String, Row> read(File file) {
        JsonNode results = JsonMapper.builder().build().readTree(file);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String name = label(result);
            Row row = rows.computeIfAbsent(name, Row::new);
            row.threads = result.path("threads").asInt();
            String mode = result.path("mode").asString();
            JsonNode primary = result.path("primaryMetric");
            double seconds = seconds(result.path("measurementTime").asString());
            if (mode.equals("thrpt")) {
                row.opsPerSecond = perSecond(primary.path("score").asDouble(), primary.path("scoreUnit").asString());
            } else if (mode.equals("sample")) {
                double toMillis = millisFactor(primary.path("scoreUnit").asString());
                row.p50 = primary.path("scorePercentiles").path("50.0").asDouble() * toMillis;
                row.p99 = primary.path("scorePercentiles").path("99.0").asDouble() * toMillis;
            }
            JsonNode secondary = result.path("secondaryMetrics");
            double operations = perIteration(secondary.path("operations"));
            if (operations > 0) {
                if (row.opsPerSecond == null) {
                    row.opsPerSecond = operations / seconds;
                }
                row.eventsPerSecond = perIteration(secondary.path("events")) / seconds;
                row.conflicts = perIteration(secondary.path("conflicts")) / operations;
                row.retries = perIteration(secondary.path("retries")) / operations;
                row.failures = perIteration(secondary.path("failures")) / operations;
            }
        }
        return rows;
    }

    /** The performance issue's targets, each with the figure it is checked against. */
    private static void printTargets(Map<String, Row> rows, @Nullable Double baseline) {
        Row single = rowOf(rows, SINGLE);
        Row multi = rowOf(rows, MULTI);
        Row append = rowOf(rows, "AppendOnly.appendOnly");
        Row half = rowOf(rows, "SingleStreamHalfLoad.singleStreamAtHalfPeak");
        Row growth = rowOf(rows, GROWTH);
        Row axonSingle = rowOf(rows, AXON_SINGLE);
        Row axonMulti = rowOf(rows, AXON_MULTI);
        System.out.println();
        System.out.println("| Target | Measured | Met |");
        System.out.println("|---|--:|---|");
        target("singleStream ≥ 20,000 ops/s", ops(single), v -> v >= 20_000, "%,.0f ops/s");
        target("singleStream ≥ 3 × baseline", quotient(ops(single), baseline), v -> v >= 3, "%.2f ×");
        target("multiStream ≥ 10,000 ops/s", ops(multi), v -> v >= 10_000, "%,.0f ops/s");
        target("appendOnly ≥ 100,000 events/s", append == null ? null : append.eventsPerSecond, v -> v >= 100_000,
                "%,.0f events/s");
        target("singleStream p99 ≤ 10 ms at half of peak", half == null ? null : half.p99, v -> v <= 10, "%.2f ms");
        target("growth costs singleStream ≤ 10 %", quotient(ops(growth), ops(single)), v -> v >= 0.9,
                "%.2f of empty-table throughput");
        target("singleStream ≥ 5 × Axon", quotient(ops(single), ops(axonSingle)), v -> v >= 5, "%.2f ×");
        target("multiStream ≥ 5 × Axon", quotient(ops(multi), ops(axonMulti)), v -> v >= 5, "%.2f ×");
    }

    private static void target(String name, @Nullable Double value, DoublePredicate met,
            String format) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, number(value, format),
                value == null ? "not run" : met.test(value) ? "yes" : "no");
    }

    private static @Nullable Row rowOf(Map<String, Row> rows, String name) {
        return rows.get(name);
    }

    static @Nullable Double ops(@Nullable Row row) {
        return row == null ? null : row.opsPerSecond;
    }

    static @Nullable Double quotient(@Nullable Double value, @Nullable Double reference) {
        return value == null || reference == null || reference == 0 ? null : value / reference;
    }

    private static @Nullable Double throughputOf(Map<String, Row> rows, String suffix) {
        for (Row row : rows.values()) {
            if (row.name.endsWith(suffix)) {
                return row.opsPerSecond;
            }
        }
        return null;
    }

    private static @Nullable Double axonFor(Map<String, Row> rows, String name) {
        List<String> workloads = List.of("singleStream", "multiStream", "hotStream");
        for (String workload : workloads) {
            if (name.endsWith("." + workload)) {
                for (Row row : rows.values()) {
                    if (row.name.startsWith("Axon") && row.name.endsWith("." + workload)) {
                        return row.opsPerSecond;
                    }
                }
            }
        }
        return null;
    }

    private static String label(JsonNode result) {
        String benchmark = result.path("benchmark").asString();
        String[] parts = benchmark.split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        name = name.replace("Benchmark.", ".");
        List<String> params = new ArrayList<>();
        for (Map.Entry<String, JsonNode> param : result.path("params").properties()) {
            params.add(param.getKey() + "=" + param.getValue().asString());
        }
        return params.isEmpty() ? name : name + " (" + String.join(", ", params) + ")";
    }

    /** Mean of a counter over all iterations of all forks. */
    private static double perIteration(JsonNode metric) {
        double sum = 0;
        int count = 0;
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode iteration : fork) {
                sum += iteration.asDouble();
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static double seconds(String time) {
        String[] parts = time.trim().split(" ");
        double value = Double.parseDouble(parts[0]);
        return switch (parts.length > 1 ? parts[1] : "s") {
            case "ms" -> value / 1_000;
            case "min" -> value * 60;
            default -> value;
        };
    }

    private static double millisFactor(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-6;
            case "us/op" -> 1e-3;
            case "s/op" -> 1e3;
            default -> 1;
        };
    }

    private static double perSecond(double score, String unit) {
        return switch (unit) {
            case "ops/ms" -> score * 1e3;
            case "ops/us" -> score * 1e6;
            case "ops/min" -> score / 60;
            default -> score;
        };
    }

    static String number(@Nullable Double value, String format) {
        return value == null ? "–" : String.format(Locale.ROOT, format, value);
    }

    private static String ratio(@Nullable Double value, @Nullable Double reference) {
        return value == null || reference == null || reference == 0 ? "–"
                : String.format(Locale.ROOT, "%.2f", value / reference);
    }

    /** One benchmark with its parameters, merged over the modes it ran in. */
    static final class Row {

        final String name;
        int threads;
        @Nullable Double opsPerSecond;
        @Nullable Double eventsPerSecond;
        @Nullable Double p50;
        @Nullable Double p99;
        @Nullable Double conflicts;
        @Nullable Double retries;
        @Nullable Double failures;

        Row(String name) {
            this.name = name;
        }
    }
}
