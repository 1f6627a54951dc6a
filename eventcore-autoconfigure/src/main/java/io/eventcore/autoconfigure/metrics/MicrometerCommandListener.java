package io.eventcore.autoconfigure.metrics;

import io.eventcore.CommandListener;
import io.eventcore.CommandRejectedException;
import io.eventcore.ExecutionResult;
import io.eventcore.RetriesExhaustedException;
import io.eventcore.StreamVersionConflictException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Records command executions as {@link EventCoreMetrics} meters. */
final class MicrometerCommandListener implements CommandListener {

    private final MeterRegistry registry;
    // Command names are bounded (one per command class), so this map is too.
    private final ConcurrentMap<String, CommandMeters> meters = new ConcurrentHashMap<>();

    MicrometerCommandListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void succeeded(String command, ExecutionResult result, int streams, Duration duration) {
        CommandMeters m = meters(command);
        m.success.record(duration);
        if (!result.events().isEmpty()) {
            m.appended.increment(result.events().size());
        }
    }

    @Override
    public void rejected(String command, CommandRejectedException rejection, Duration duration) {
        meters(command).rejected.record(duration);
    }

    @Override
    public void failed(String command, Throwable error, Duration duration) {
        CommandMeters m = meters(command);
        (error instanceof RetriesExhaustedException ? m.conflict : m.error).record(duration);
    }

    @Override
    public void retrying(String command, int attempt, StreamVersionConflictException conflict, Duration delay) {
        meters(command).retries.increment();
    }

    private CommandMeters meters(String command) {
        CommandMeters m = meters.get(command);
        return m != null ? m : meters.computeIfAbsent(command, name -> new CommandMeters(registry, name));
    }

    /** The meters of one command, registered together so every outcome series exists from the start. */
    private static final class CommandMeters {

        final Timer success;
        final Timer rejected;
        final Timer conflict;
        final Timer error;
        final Counter retries;
        final Counter appended;

        CommandMeters(MeterRegistry registry, String command) {
            success = timer(registry, command, EventCoreMetrics.SUCCESS);
            rejected = timer(registry, command, EventCoreMetrics.REJECTED);
            conflict = timer(registry, command, EventCoreMetrics.CONFLICT);
            error = timer(registry, command, EventCoreMetrics.ERROR);
            retries = Counter.builder(EventCoreMetrics.COMMAND_RETRIES)
                    .description("Version conflicts that were retried")
                    .tag(EventCoreMetrics.COMMAND_TAG, command)
                    .register(registry);
            appended = Counter.builder(EventCoreMetrics.EVENTS_APPENDED)
                    .description("Events written by commands")
                    .baseUnit("events")
                    .tag(EventCoreMetrics.COMMAND_TAG, command)
                    .register(registry);
        }

        private static Timer timer(MeterRegistry registry, String command, String outcome) {
            return Timer.builder(EventCoreMetrics.COMMANDS)
                    .description("Command executions, retries included")
                    .tag(EventCoreMetrics.COMMAND_TAG, command)
                    .tag(EventCoreMetrics.OUTCOME_TAG, outcome)
                    .register(registry);
        }
    }
}
