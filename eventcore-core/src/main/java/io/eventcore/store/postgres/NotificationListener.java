package io.eventcore.store.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one connection that LISTENs on the store's channel, so that commits made by other JVMs
 * wake this one's watchers. Reconnects after a failure and then wakes the watchers, since
 * notifications sent while it was away are lost.
 */
final class NotificationListener {

    private static final System.Logger LOG = System.getLogger(NotificationListener.class.getName());
    private static final int POLL_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 1_000;

    private final DataSource dataSource;
    private final String channel;
    private final Runnable wake;
    private final Thread thread;
    private volatile boolean running = true;

    NotificationListener(DataSource dataSource, String channel, Runnable wake, String threadName) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.wake = wake;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        boolean reconnecting = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN \"" + channel + "\"");
                }
                if (reconnecting) {
                    wake.run();
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wake.run();
                    }
                }
                try (Statement unlisten = connection.createStatement()) {
                    unlisten.execute("UNLISTEN *");
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "listening on channel " + channel + " failed, reconnecting in "
                        + RECONNECT_MILLIS + " ms: " + e);
                reconnecting = true;
                try {
                    TimeUnit.MILLISECONDS.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    void close() {
        running = false;
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
