package io.eventcore.sample.web;

import io.eventcore.sample.account.AccountSnapshot;
import io.eventcore.sample.account.BalanceChange;
import io.eventcore.sample.account.TransferResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The JSON bodies the API returns. */
final class Responses {

    private Responses() {
    }

    /** An account: {@code GET /accounts/{id}} and {@code POST /accounts}. */
    record Account(String accountId, String owner, long balance, long version) {
        static Account of(AccountSnapshot snapshot) {
            return new Account(snapshot.accountId().value(), snapshot.owner(), snapshot.balance(), snapshot.version());
        }
    }

    /** One account after a deposit, withdrawal or one leg of a transfer. */
    record Balance(String accountId, long balance, long version, long position) {
        static Balance of(BalanceChange change) {
            return new Balance(change.accountId().value(), change.balance(), change.version(), change.position());
        }
    }

    /** Both accounts after a transfer. */
    record Transfer(Balance from, Balance to, long amount) {
        static Transfer of(TransferResult result) {
            return new Transfer(Balance.of(result.from()), Balance.of(result.to()), result.amount());
        }
    }

    /** An account's stream: {@code GET /accounts/{id}/events}. */
    record Events(String accountId, String streamId, long version, List<Event> events) {}

    /** One stored event with its envelope. */
    record Event(UUID eventId, String streamId, long version, long position, String type, Instant recordedAt,
            Metadata metadata, Object payload) {
        static Event of(EventEnvelope envelope) {
            return new Event(envelope.eventId(), envelope.streamId().value(), envelope.version(), envelope.position(),
                    envelope.type(), envelope.recordedAt(), Metadata.of(envelope.metadata()), envelope.payload());
        }
    }

    /** An event's metadata. */
    record Metadata(@Nullable UUID correlationId, @Nullable UUID causationId, Map<String, String> attributes) {
        static Metadata of(EventMetadata metadata) {
            return new Metadata(metadata.correlationId(), metadata.causationId(), metadata.attributes());
        }
    }
}
