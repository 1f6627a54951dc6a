package io.eventcore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an event class its stable stored type name.
 *
 * <p>The name, not the Java class name, is what the store records, so a class can be renamed or
 * moved without breaking events already stored. Types can also be registered explicitly with
 * {@link io.eventcore.serialization.EventTypeRegistry#register(String, Class)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /**
     * Stable type name, for example {@code "account-opened"}.
     *
     * @return the type name
     */
    String value();
}
