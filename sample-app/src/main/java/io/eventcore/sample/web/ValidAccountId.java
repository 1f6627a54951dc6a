package io.eventcore.sample.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated text must be a valid {@link io.eventcore.sample.account.AccountId}; {@code null}
 * passes (combine with {@code @NotNull}). The violation message names the rule that was broken.
 */
@Documented
@Constraint(validatedBy = AccountIdValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@interface ValidAccountId {

    /** @return the message template, replaced by the broken rule */
    String message() default "must be a valid account id";

    /** @return validation groups */
    Class<?>[] groups() default {};

    /** @return payloads */
    Class<? extends Payload>[] payload() default {};
}
