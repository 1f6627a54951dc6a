package io.eventcore.autoconfigure;

/** The PostgreSQL store was given a DataSource that connects to another database. */
final class DatabaseNotPostgresException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String product;
    private final String url;

    DatabaseNotPostgresException(String product, String url) {
        super("EventCore's PostgreSQL store needs PostgreSQL, but its DataSource connects to " + product + " (" + url + ")");
        this.product = product;
        this.url = url;
    }

    String product() {
        return product;
    }

    String url() {
        return url;
    }
}
