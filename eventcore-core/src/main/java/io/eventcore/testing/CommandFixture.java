package io.eventcore.testing;

import io.eventcore.Command;
import io.eventcore.CommandExecutor;
import io.eventcore.CommandRejectedException;
import io.eventcore.ExecutionOptions;
import io.eventcore.ExecutionResult;
import io.eventcore.NewEvent;
import io.eventcore.StreamCache;
import io.eventcore.StreamId;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.memory.InMemoryEventStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Given/when/then tests for commands, on an {@link InMemoryEventStore} and the real {@link
 * CommandExecutor}, so a command is tested exactly as it runs in production, without a database.
 *
 * <pre>{@code
 * CommandFixture.given(StreamId.of("account-1"), new AccountOpened("alice"), new MoneyDeposited(100))
 *         .when(new Withdraw(StreamId.of("account-1"), 30))
 *         .then(NewEvent.of(StreamId.of("account-1"), new MoneyWithdrawn(30)));
 *
 * CommandFixture.given(StreamId.of("account-1"), new AccountOpened("alice"))
 *         .when(new Withdraw(StreamId.of("account-1"), 30))
 *         .thenRejected(InsufficientFundsException.class);
 * }</pre>
 *
 * <p>The given events are history: {@code then} compares only the events the command wrote, in
 * order, by target stream, payload ({@code equals}) and attributes. Failed expectations throw
 * {@link AssertionError} with both lists, so the fixture works with any test framework.
 *
 * <p>Event classes are named through an {@link EventTypeRegistry}; classes annotated with {@link
 * io.eventcore.EventType @EventType} need no registration. A {@link Scenario} is not thread-safe;
 * use one per test. Several {@code when} calls on one scenario run against everything written so
 * far, and each outcome holds only its own command's events.
 */
public final class CommandFixture {

    private CommandFixture() {}

    /**
     * Starts a scenario whose store holds these events on one stream.
     *
     * @param stream the stream
     * @param events the events, oldest first, as the command's event type
     * @return the scenario
     */
    public static Scenario given(StreamId stream, Object... events) {
        return new Scenario().given(stream, events);
    }

    /**
     * Starts a scenario whose store is empty.
     *
     * @return the scenario
     */
    public static Scenario givenNoEvents() {
        return new Scenario();
    }

    /** The history a command runs against, and how it runs. */
    public static final class Scenario {

        private final InMemoryEventStore store = new InMemoryEventStore();
        private final List<Map.Entry<StreamId, List<Object>>> history = new ArrayList<>();
        private final List<Consumer<CommandExecutor.Builder>> customizers = new ArrayList<>();
        private EventTypeRegistry types = new EventTypeRegistry();

        private Scenario() {}

        /**
         * Adds events to a stream's history, after any already given.
         *
         * @param stream the stream
         * @param events the events, oldest first
         * @return this scenario
         */
        public Scenario given(StreamId stream, Object... events) {
            Objects.requireNonNull(stream, "stream must not be null");
            for (Object event : events) {
                Objects.requireNonNull(event, "given events must not be null");
            }
            history.add(Map.entry(stream, List.of(events)));
            return this;
        }

        /**
         * Names event classes with this registry, for classes registered by name rather than
         * annotated with {@link io.eventcore.EventType @EventType}. Applies to the given events and
         * the command's.
         *
         * @param types the registry
         * @return this scenario
         */
        public Scenario withTypes(EventTypeRegistry types) {
            this.types = Objects.requireNonNull(types, "types must not be null");
            return this;
        }

        /**
         * Adjusts the executor the command runs on, for example its retry policy or its maximum
         * number of streams per command. The stream cache is disabled unless a customizer sets one.
         *
         * @param customizer applied to the executor's builder
         * @return this scenario
         */
        public Scenario withExecutor(Consumer<CommandExecutor.Builder> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer must not be null"));
            return this;
        }

        /**
         * The store behind the scenario, holding every given event, to inspect or to add history
         * directly.
         *
         * @return the store
         * @throws io.eventcore.EventSerializationException if a given event class has no stored
         *     type name
         */
        public InMemoryEventStore store() {
            writeHistory();
            return store;
        }

        /**
         * Runs a command with default options.
         *
         * @param command the command
         * @return the outcome, to check with a {@code then} method
         * @throws io.eventcore.EventSerializationException if a given event class has no stored
         *     type name
         */
        public Outcome when(Command<?, ?> command) {
            return when(command, ExecutionOptions.DEFAULTS);
        }

        /**
         * Runs a command. Whatever it throws is kept for the {@code then} methods.
         *
         * @param command the command
         * @param options ids, attributes and timeout of the execution
         * @return the outcome, to check with a {@code then} method
         * @throws io.eventcore.EventSerializationException if a given event class has no stored
         *     type name
         */
        public Outcome when(Command<?, ?> command, ExecutionOptions options) {
            Objects.requireNonNull(command, "command must not be null");
            Objects.requireNonNull(options, "options must not be null");
            writeHistory();
            CommandExecutor.Builder builder = CommandExecutor.builder(store, types).cache(StreamCache.disabled());
            customizers.forEach(customizer -> customizer.accept(builder));
            CommandExecutor executor = builder.build();
            try {
                return new Outcome(command, options, executor.execute(command, options), null);
            } catch (RuntimeException failure) {
                return new Outcome(command, options, null, failure);
            }
        }

        private void writeHistory() {
            // Written late, so withTypes applies to given events whatever the call order.
            for (Map.Entry<StreamId, List<Object>> entry : history) {
                if (entry.getValue().isEmpty()) {
                    continue;
                }
                List<PendingEvent> pending = new ArrayList<>(entry.getValue().size());
                for (Object event : entry.getValue()) {
                    pending.add(new PendingEvent(UUID.randomUUID(), entry.getKey(), types.nameOf(event.getClass()), event,
                            EventMetadata.EMPTY));
                }
                store.append(AppendRequest.of(entry.getKey(), ExpectedVersion.any(), pending));
            }
            history.clear();
        }
    }

    /** What a command did: the events it wrote, or the exception it failed with. */
    public static final class Outcome {

        private final Command<?, ?> command;
        private final ExecutionOptions options;
        private final @Nullable ExecutionResult result;
        private final @Nullable RuntimeException failure;

        private Outcome(Command<?, ?> command, ExecutionOptions options, @Nullable ExecutionResult result,
                @Nullable RuntimeException failure) {
            this.command = command;
            this.options = options;
            this.result = result;
            this.failure = failure;
        }

        /**
         * Expects the command to succeed having written exactly these events, in this order. With
         * no arguments, expects it to succeed and write nothing.
         *
         * <p>An event matches when its stream and payload are equal and its attributes equal the
         * execution's attributes overlaid with the expected event's own.
         *
         * @param expected the events the command must have written
         * @return the execution's result, for further checks (positions, metadata, attempts)
         * @throws AssertionError if the command failed or wrote other events
         */
        public ExecutionResult then(NewEvent<?>... expected) {
            ExecutionResult written = succeeded("to write " + describeExpected(List.of(expected)));
            if (!matches(written.events(), expected)) {
                List<String> actual = written.events().stream().map(Outcome::describe).toList();
                List<String> wanted = Arrays.stream(expected).map(this::describe).toList();
                throw new AssertionError("expected " + command.name() + " to write" + list(wanted) + "\nbut it wrote"
                        + list(actual));
            }
            return written;
        }

        /**
         * Expects the command to succeed, whatever it wrote.
         *
         * @return the execution's result
         * @throws AssertionError if the command failed
         */
        public ExecutionResult thenSucceeds() {
            return succeeded("to succeed");
        }

        /**
         * Expects the command's business rule to reject it with this type of {@link
         * CommandRejectedException}.
         *
         * @param type the expected rejection type, or a supertype of it
         * @param <T> the rejection type
         * @return the rejection, to check its reason or data
         * @throws AssertionError if the command succeeded or failed otherwise
         */
        public <T extends CommandRejectedException> T thenRejected(Class<T> type) {
            return failedWith(type, "to be rejected with ");
        }

        /**
         * Expects the command's business rule to reject it with this reason.
         *
         * @param reason the expected {@link CommandRejectedException#reason()}
         * @return the rejection
         * @throws AssertionError if the command was not rejected, or for another reason
         */
        public CommandRejectedException thenRejectedBecause(String reason) {
            CommandRejectedException rejection = thenRejected(CommandRejectedException.class);
            if (!rejection.reason().equals(reason)) {
                throw new AssertionError("expected " + command.name() + " to be rejected because \"" + reason
                        + "\"\nbut it was rejected because \"" + rejection.reason() + "\"", rejection);
            }
            return rejection;
        }

        /**
         * Expects the command to fail with this type of exception, for example an {@link
         * io.eventcore.UndeclaredStreamException} or an {@link IllegalArgumentException} from its
         * own validation.
         *
         * @param type the expected exception type, or a supertype of it
         * @param <T> the exception type
         * @return the exception, to check its data
         * @throws AssertionError if the command succeeded or failed otherwise
         */
        public <T extends Throwable> T thenFails(Class<T> type) {
            return failedWith(type, "to fail with ");
        }

        private ExecutionResult succeeded(String expectation) {
            if (failure != null) {
                throw new AssertionError("expected " + command.name() + " " + expectation + "\nbut it failed with "
                        + failure, failure);
            }
            return Objects.requireNonNull(result);
        }

        private <T extends Throwable> T failedWith(Class<T> type, String expectation) {
            if (failure == null) {
                List<String> written = Objects.requireNonNull(result).events().stream().map(Outcome::describe).toList();
                throw new AssertionError("expected " + command.name() + " " + expectation + type.getName()
                        + "\nbut it succeeded and wrote" + list(written));
            }
            if (!type.isInstance(failure)) {
                throw new AssertionError("expected " + command.name() + " " + expectation + type.getName()
                        + "\nbut it failed with " + failure, failure);
            }
            return type.cast(failure);
        }

        private boolean matches(List<EventEnvelope> written, NewEvent<?>[] expected) {
            if (written.size() != expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                EventEnvelope actual = written.get(i);
                NewEvent<?> wanted = expected[i];
                if (!actual.streamId().equals(wanted.stream())
                        || !actual.payload().equals(wanted.payload())
                        || !actual.metadata().attributes().equals(expectedAttributes(wanted))) {
                    return false;
                }
            }
            return true;
        }

        private Map<String, String> expectedAttributes(NewEvent<?> event) {
            Map<String, String> attributes = new HashMap<>(options.attributes());
            attributes.putAll(event.attributes());
            return attributes;
        }

        private String describe(NewEvent<?> event) {
            return describe(event.stream(), event.payload(), expectedAttributes(event));
        }

        private static String describe(EventEnvelope event) {
            return describe(event.streamId(), event.payload(), event.metadata().attributes());
        }

        private static String describe(StreamId stream, Object payload, Map<String, String> attributes) {
            // Sorted, so equal attribute maps read the same in a failure message.
            String attributeText = attributes.isEmpty() ? "" : " " + attributes.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
            return stream + ": " + payload + attributeText;
        }

        private String describeExpected(List<NewEvent<?>> expected) {
            return expected.isEmpty() ? "no events" : expected.size() + " event(s)";
        }

        private static String list(List<String> events) {
            if (events.isEmpty()) {
                return " no events";
            }
            StringBuilder text = new StringBuilder(":");
            events.forEach(event -> text.append("\n  ").append(event));
            return text.toString();
        }
    }
}
