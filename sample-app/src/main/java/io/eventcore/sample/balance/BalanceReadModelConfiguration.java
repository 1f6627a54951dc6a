package io.eventcore.sample.balance;

import io.eventcore.projection.FailurePolicy;
import io.eventcore.projection.Projection;
import io.eventcore.sample.account.AccountEvent.AccountOpened;
import io.eventcore.sample.account.AccountEvent.MoneyDeposited;
import io.eventcore.sample.account.AccountEvent.MoneyWithdrawn;
import io.eventcore.sample.account.AccountEvent.TransferReceived;
import io.eventcore.sample.account.AccountEvent.TransferSent;
import io.eventcore.sample.account.AccountId;
import java.time.Duration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the balance projection. EventCore's auto-configuration runs every {@link Projection}
 * bean; this one is transactional, so its rows and its checkpoint commit together.
 */
@Configuration(proxyBeanMethods = false)
class BalanceReadModelConfiguration {

    // Its tables come from balance-schema.sql (spring.sql.init), which must run before it starts.
    @Bean
    @DependsOnDatabaseInitialization
    Projection accountBalancesProjection() {
        return Projection.transactional(AccountBalanceProjection.NAME, new AccountBalanceProjection())
                .eventTypes(AccountOpened.class, MoneyDeposited.class, MoneyWithdrawn.class, TransferSent.class,
                        TransferReceived.class)
                .streamPrefix(AccountId.STREAM_PREFIX)
                .failurePolicy(FailurePolicy.retry(Duration.ofMillis(200), Duration.ofSeconds(30)))
                .build();
    }
}
