package io.eventcore.autoconfigure;

import io.eventcore.autoconfigure.EventCoreProperties.StoreType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains an unknown {@code eventcore.store.type}, listing the allowed values. Ordered before
 * Boot's generic bind failure analyzer.
 */
final class StoreTypeFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    static final String PROPERTY = "eventcore.store.type";

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (!PROPERTY.equals(cause.getName().toString())) {
            return null;
        }
        ConfigurationProperty property = cause.getProperty();
        Object value = property != null ? property.getValue() : null;
        String origin = property != null && property.getOrigin() != null ? " (from " + property.getOrigin() + ")" : "";
        String allowed = Arrays.stream(StoreType.values())
                .map(type -> type.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        String description = "'%s' is not a store type EventCore knows: %s%s cannot be bound."
                .formatted(value, PROPERTY, origin);
        String action = "Set %s to one of: %s. 'auto' (the default) uses PostgreSQL when the application has a single"
                .formatted(PROPERTY, allowed) + " DataSource, otherwise memory.";
        return new FailureAnalysis(description, action, cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
