package io.eventcore.sample.web;

import io.eventcore.sample.account.AccountId;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link ValidAccountId}, reporting the rule {@link AccountId#problem} names. */
final class AccountIdValidator implements ConstraintValidator<ValidAccountId, String> {

    @Override
    public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String problem = AccountId.problem(value);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The rule text may quote '[' or '$'; escape it so it is not read as an EL template.
        context.buildConstraintViolationWithTemplate(escape(problem)).addConstraintViolation();
        return false;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
