package io.eventcore.benchmarks;

import io.eventcore.benchmarks.ResultsTable.Row;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Prints the ratios of EventCore to Axon and to the raw-JDBC baseline, and of {@code singleStream}
 * on the preloaded table to it on the empty one (growth), from interleaved rounds, as {@code
 * benchmarks/run.sh paired} runs them: each round runs every benchmark in a JMH run of its
 * own, odd and even rounds in two orders in which the two sides of a ratio run minutes apart at
 * most and take turns going first, and no benchmark runs twice in a row across rounds.
 *
 * <p>A single JMH run orders benchmarks by name, so every Axon benchmark and the baselines run
 * before EventCore's. On a machine whose speed drifts by tens of percent within minutes, that bias
 * goes into every ratio of a full run; the median of interleaved rounds does not carry it. Each
 * round also shows how much CPU time the hypervisor took for other guests meanwhile, which is what
 * usually makes a round slow there.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.eventcore.benchmarks.PairedRatios benchmarks/target/paired</pre>
 */
public final class PairedRatios {

    private static final Pattern ROUND_FILE = Pattern.compile("round-(\\d+)-(\\d+)\\.json");

    private static final String BASELINE = "Baseline.baseline";

    /** The throughputs in each round's table, in column order. */
    private static final List<String> COLUMNS = List.of(ResultsTable.SINGLE, ResultsTable.GROWTH,
            ResultsTable.AXON_SINGLE, BASELINE, ResultsTable.MULTI, ResultsTable.AXON_MULTI);

    /** A ratio of one benchmark's throughput to another's. */
    private record Ratio(String label, String ours, String reference) {

        @Nullable Double in(Round round) {
            return ResultsTable.quotient(ResultsTable.ops(round.rows.get(ours)),
                    ResultsTable.ops(round.rows.get(reference)));
        }
    }

    private static final List<Ratio> RATIOS = List.of(
            new Ratio("singleStream / Axon", ResultsTable.SINGLE, ResultsTable.AXON_SINGLE),
            new Ratio("multiStream / Axon", ResultsTable.MULTI, ResultsTable.AXON_MULTI),
            new Ratio("singleStream / baseline", ResultsTable.SINGLE, BASELINE),
            new Ratio("growth / singleStream", ResultsTable.GROWTH, ResultsTable.SINGLE));

    private PairedRatios() {
    }

    /**
     * Prints one row per round and the medians.
     *
     * @param args the folder of {@code round-<round>-<place>.json} files; {@code benchmarks/target/paired}
     *     if none is given
     */
    public static void main(String[] args) {
        File folder = new File(args.length > 0 ? args[0] : "benchmarks/target/paired");
        Map<Integer, Round> rounds = read(folder);
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no round-<round>-<place>.json files in " + folder);
        }
        StringBuilder header = new StringBuilder("| round | first | CPU stolen |");
        StringBuilder rule = new StringBuilder("|--:|---|--:|");
        for (String column : COLUMNS) {
            header.append(' ').append(column).append(" |");
            rule.append("--:|");
        }
        for (Ratio ratio : RATIOS) {
            header.append(' ').append(ratio.label()).append(" |");
            rule.append("--:|");
        }
        System.out.println(header);
        System.out.println(rule);
        Map<String, List<Double>> throughputs = new LinkedHashMap<>();
        for (Map.Entry<Integer, Round> entry : rounds.entrySet()) {
            Round round = entry.getValue();
            StringBuilder line = new StringBuilder("| " + entry.getKey() + " | " + round.first + " | "
                    + ResultsTable.number(round.stolen, "%.1f %%") + " |");
            for (String column : COLUMNS) {
                Double ops = ResultsTable.ops(round.rows.get(column));
                line.append(' ').append(ResultsTable.number(ops, "%,.0f")).append(" |");
                collect(throughputs.computeIfAbsent(column, c -> new ArrayList<>()), ops);
            }
            for (Ratio ratio : RATIOS) {
                line.append(' ').append(ResultsTable.number(ratio.in(round), "%.2f")).append(" |");
            }
            System.out.println(line);
        }
        StringBuilder medians = new StringBuilder("| median | | |");
        for (String column : COLUMNS) {
            medians.append(' ').append(ResultsTable.number(median(throughputs.get(column)), "%,.0f")).append(" |");
        }
        Map<String, @Nullable Double> ratios = medianRatios(rounds);
        for (Ratio ratio : RATIOS) {
            medians.append(" **").append(ResultsTable.number(ratios.get(ratio.label()), "%.2f")).append("** |");
        }
        System.out.println(medians);
    }

    /**
     * Each ratio's median over the rounds that ran both of its benchmarks: the ratio is taken within
     * a round first, so a round run while the machine was slow weighs no more than any other.
     */
    static Map<String, @Nullable Double> medianRatios(Map<Integer, Round> rounds) {
        Map<String, @Nullable Double> medians = new LinkedHashMap<>();
        for (Ratio ratio : RATIOS) {
            List<Double> values = new ArrayList<>();
            for (Round round : rounds.values()) {
                collect(values, ratio.in(round));
            }
            medians.put(ratio.label(), median(values));
        }
        return medians;
    }

    /**
     * The rounds in the folder, by number, each merged from its files in the order they ran, with
     * the share of CPU time the hypervisor stole during the round where {@code round-<round>.stolen}
     * records it.
     */
    static Map<Integer, Round> read(File folder) {
        File[] files = folder.listFiles();
        Map<Integer, TreeMap<Integer, File>> byRound = new TreeMap<>();
        for (File file : files == null ? new File[0] : files) {
            Matcher matcher = ROUND_FILE.matcher(file.getName());
            if (matcher.matches()) {
                byRound.computeIfAbsent(Integer.parseInt(matcher.group(1)), r -> new TreeMap<>())
                        .put(Integer.parseInt(matcher.group(2)), file);
            }
        }
        Map<Integer, Round> rounds = new LinkedHashMap<>();
        byRound.forEach((number, places) -> {
            Round round = new Round();
            for (File file : places.values()) {
                Map<String, Row> rows = ResultsTable.read(file);
                if (round.first.isEmpty() && !rows.isEmpty()) {
                    round.first = rows.keySet().iterator().next();
                }
                round.rows.putAll(rows);
            }
            round.stolen = stolen(new File(folder, "round-" + number + ".stolen"));
            rounds.put(number, round);
        });
        return rounds;
    }

    private static @Nullable Double stolen(File file) {
        try {
            String text = Files.readString(file.toPath()).trim();
            return text.isEmpty() ? null : Double.valueOf(text);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void collect(List<Double> values, @Nullable Double value) {
        if (value != null) {
            values.add(value);
        }
    }

    /** The median, or {@code null} for no values. */
    static @Nullable Double median(@Nullable List<Double> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One round's benchmarks and which of them ran first. */
    static final class Round {

        final Map<String, Row> rows = new LinkedHashMap<>();
        String first = "";
        /** Percent of CPU time stolen by the hypervisor during the round, if recorded. */
        @Nullable Double stolen;
    }
}
