package io.eventcore.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.io.support.SpringFactoriesLoader;

class FailureAnalyzerRegistrationTests {

    @Test
    void everyAnalyzerIsRegisteredAndTheStoreTypeOneRunsBeforeBootsGenericBindAnalyzer() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
                        .and(Environment.class, new StandardEnvironment()),
                        // Boot's analyzers for libraries absent from this classpath cannot load; only ours matter.
                        FailureHandler.handleMessage((message, failure) -> { }));
        assertThat(analyzers).hasAtLeastOneElementOfType(SchemaMissingFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(DatabaseNotPostgresFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(StoreTypeFailureAnalyzer.class);
        assertThat(new StoreTypeFailureAnalyzer().getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
    }
}
