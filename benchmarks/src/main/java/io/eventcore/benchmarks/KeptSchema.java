package io.eventcore.benchmarks;

/**
 * Opens the growth benchmark's preloaded schema, filling it first if it is missing, too small, or
 * was made from another version of the store's schema script.
 */
final class KeptSchema {

    private KeptSchema() {
    }

    static EventCoreFixture open(String schema, int events) {
        String fingerprint = SchemaScript.fingerprint() + "/" + events;
        try (var admin = BenchmarkDatabase.pool("eventcore-bench-admin", 2)) {
            BenchmarkDatabase.execute(admin, "CREATE SCHEMA IF NOT EXISTS " + schema,
                    "CREATE TABLE IF NOT EXISTS " + schema + ".bench_preload (fingerprint text NOT NULL)");
            long matching = BenchmarkDatabase.queryLong(admin,
                    "SELECT count(*) FROM " + schema + ".bench_preload WHERE fingerprint = '" + fingerprint + "'");
            if (matching == 0) {
                System.out.println("# preloading " + events + " events into schema " + schema + " (kept between runs)");
                long start = System.nanoTime();
                BenchmarkDatabase.dropSchema(admin, schema);
                SchemaScript.apply(admin, schema);
                int perStream = 10;
                Preload.deposits(admin, schema, "preload-", events / perStream, perStream, 1, true);
                BenchmarkDatabase.execute(admin,
                        "CREATE TABLE " + schema + ".bench_preload (fingerprint text NOT NULL)",
                        "INSERT INTO " + schema + ".bench_preload VALUES ('" + fingerprint + "')");
                System.out.printf("# preloaded in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
            }
        }
        return EventCoreFixture.kept(schema);
    }
}
