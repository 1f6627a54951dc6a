package io.eventcore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/** The PostgreSQL store's own schema script, run by hand as Flyway would run it. */
final class SchemaScript {

    private static final String LOCATION = "/io/eventcore/store/postgres/schema-postgresql.sql";

    private SchemaScript() {
    }

    /** Creates the store's tables in {@code schema} with {@link BenchmarkDatabase#TABLE_PREFIX}. */
    static void apply(DataSource dataSource, String schema) {
        String sql = text().replace("${schema}", schema).replace("${prefix}", BenchmarkDatabase.TABLE_PREFIX);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // pgjdbc runs a multi-statement script in one simple-protocol call, dollar quotes included.
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create the EventCore tables in " + schema + ": " + e.getMessage(), e);
        }
    }

    /** A short hash of the script, to tell whether a kept schema was made from this version of it. */
    static String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String text() {
        try (InputStream in = SchemaScript.class.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LOCATION, e);
        }
    }
}
