package io.eventcore.sample.web;

import io.eventcore.ExecutionOptions;
import io.eventcore.sample.account.AccountId;
import io.eventcore.sample.account.AccountNotFoundException;
import io.eventcore.sample.account.Bank;
import io.eventcore.sample.balance.AccountBalances;
import io.eventcore.sample.balance.BalanceListing;
import io.eventcore.store.EventEnvelope;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The bank's HTTP API. Writes go through the {@link Bank}'s commands and answer with the stream
 * versions they produced; {@code GET /accounts/{id}} folds the account's stream, {@code GET
 * /accounts} reads the projected read model.
 *
 * <p>Every write takes an optional {@value #CORRELATION_HEADER} header, a UUID stamped as the
 * correlation id of every event the request writes; a value that is not a UUID is rejected with
 * 400 before anything is written. Without the header a random one is used. Either way the response
 * echoes it.
 */
@RestController
class BankController {

    static final String CORRELATION_HEADER = "X-Correlation-Id";

    private final Bank bank;
    private final AccountBalances balances;

    BankController(Bank bank, AccountBalances balances) {
        this.bank = bank;
        this.balances = balances;
    }

    @PostMapping("/accounts")
    ResponseEntity<Responses.Account> open(@Valid @RequestBody OpenAccountRequest request,
            @RequestHeader(name = CORRELATION_HEADER, required = false) @Nullable String correlation,
            UriComponentsBuilder uri) {
        UUID correlationId = correlationId(correlation);
        AccountId id = AccountId.of(Objects.requireNonNull(request.accountId()));
        Responses.Account body = Responses.Account.of(
                bank.open(id, Objects.requireNonNull(request.owner()), options(correlationId)));
        URI location = uri.path("/accounts/{id}").encode().buildAndExpand(id.value()).toUri();
        return ResponseEntity.created(location).header(CORRELATION_HEADER, correlationId.toString()).body(body);
    }

    @PostMapping("/accounts/{id}/deposits")
    ResponseEntity<Responses.Balance> deposit(@PathVariable @ValidAccountId String id,
            @Valid @RequestBody AmountRequest request,
            @RequestHeader(name = CORRELATION_HEADER, required = false) @Nullable String correlation) {
        UUID correlationId = correlationId(correlation);
        long amount = Objects.requireNonNull(request.amount());
        return ok(correlationId, Responses.Balance.of(bank.deposit(AccountId.of(id), amount, options(correlationId))));
    }

    @PostMapping("/accounts/{id}/withdrawals")
    ResponseEntity<Responses.Balance> withdraw(@PathVariable @ValidAccountId String id,
            @Valid @RequestBody AmountRequest request,
            @RequestHeader(name = CORRELATION_HEADER, required = false) @Nullable String correlation) {
        UUID correlationId = correlationId(correlation);
        long amount = Objects.requireNonNull(request.amount());
        return ok(correlationId, Responses.Balance.of(bank.withdraw(AccountId.of(id), amount, options(correlationId))));
    }

    @PostMapping("/transfers")
    ResponseEntity<Responses.Transfer> transfer(@Valid @RequestBody TransferRequest request,
            @RequestHeader(name = CORRELATION_HEADER, required = false) @Nullable String correlation) {
        UUID correlationId = correlationId(correlation);
        AccountId from = AccountId.of(Objects.requireNonNull(request.from()));
        AccountId to = AccountId.of(Objects.requireNonNull(request.to()));
        if (from.equals(to)) {
            throw new InvalidFieldException("to", "must differ from 'from', both were '" + from + "'");
        }
        long amount = Objects.requireNonNull(request.amount());
        return ok(correlationId, Responses.Transfer.of(bank.transfer(from, to, amount, options(correlationId))));
    }

    @GetMapping("/accounts/{id}")
    Responses.Account account(@PathVariable @ValidAccountId String id) {
        AccountId accountId = AccountId.of(id);
        return Responses.Account.of(bank.find(accountId).orElseThrow(() -> new AccountNotFoundException(accountId)));
    }

    @GetMapping("/accounts/{id}/events")
    Responses.Events events(@PathVariable @ValidAccountId String id) {
        AccountId accountId = AccountId.of(id);
        List<EventEnvelope> history = bank.history(accountId);
        if (history.isEmpty()) {
            throw new AccountNotFoundException(accountId);
        }
        long version = history.get(history.size() - 1).version();
        return new Responses.Events(accountId.value(), accountId.streamId().value(), version,
                history.stream().map(Responses.Event::of).toList());
    }

    @GetMapping("/accounts")
    BalanceListing accounts() {
        return balances.list();
    }

    private static UUID correlationId(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return UUID.randomUUID();
        }
        try {
            UUID parsed = UUID.fromString(header.trim());
            // UUID.fromString accepts shortened groups such as "1-1-1-1-1"; insist on the canonical form.
            if (!parsed.toString().equalsIgnoreCase(header.trim())) {
                throw new IllegalArgumentException(header);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(CORRELATION_HEADER, "must be a UUID such as "
                    + "3f2b8a6e-0c1d-4e5f-9a7b-1c2d3e4f5a6b, was '" + header + "'");
        }
    }

    private static ExecutionOptions options(UUID correlationId) {
        return ExecutionOptions.DEFAULTS.withCorrelationId(correlationId);
    }

    private static <T> ResponseEntity<T> ok(UUID correlationId, T body) {
        return ResponseEntity.ok().header(CORRELATION_HEADER, correlationId.toString()).body(body);
    }
}
