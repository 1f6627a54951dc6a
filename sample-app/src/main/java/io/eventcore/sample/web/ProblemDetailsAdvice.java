package io.eventcore.sample.web;

import io.eventcore.CommandRejectedException;
import io.eventcore.CommitOutcomeUnknownException;
import io.eventcore.DeadlineExceededException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.RetriesExhaustedException;
import io.eventcore.sample.account.AccountAlreadyExistsException;
import io.eventcore.sample.account.AccountNotFoundException;
import io.eventcore.sample.account.AccountRejectedException;
import io.eventcore.sample.account.BalanceLimitExceededException;
import io.eventcore.sample.account.InsufficientFundsException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every error into an RFC 9457 problem detail. Client errors name what was wrong: 400
 * responses carry an {@code errors} array of {@code {"field", "message"}}, business rejections
 * carry the account and amounts involved. Each problem kind has its own {@code type} URN.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private static final String TYPE_PREFIX = "urn:eventcore:sample:problem:";

    /** One invalid request value. */
    record InvalidField(String field, String message) {}

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(List.of(new InvalidField(e.field(), String.valueOf(e.getMessage()))));
    }

    @ExceptionHandler
    ProblemDetail accountNotFound(AccountNotFoundException e) {
        return accountProblem(HttpStatus.NOT_FOUND, "account-not-found", "Account not found", e);
    }

    @ExceptionHandler
    ProblemDetail accountExists(AccountAlreadyExistsException e) {
        return accountProblem(HttpStatus.CONFLICT, "account-exists", "Account already exists", e);
    }

    @ExceptionHandler
    ProblemDetail insufficientFunds(InsufficientFundsException e) {
        ProblemDetail problem = accountProblem(HttpStatus.UNPROCESSABLE_CONTENT, "insufficient-funds",
                "Insufficient funds", e);
        problem.setProperty("balance", e.balance());
        problem.setProperty("amount", e.amount());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail balanceLimit(BalanceLimitExceededException e) {
        return accountProblem(HttpStatus.UNPROCESSABLE_CONTENT, "balance-limit", "Balance limit exceeded", e);
    }

    @ExceptionHandler
    ProblemDetail rejected(CommandRejectedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "command-rejected", "Command rejected", e.reason());
    }

    /** Contention or an outage that a later attempt may get past: tell the client to retry. */
    @ExceptionHandler({RetriesExhaustedException.class, DeadlineExceededException.class,
            EventStoreUnavailableException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("request not executed, the client may retry: {}", e.toString());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "try-again", "Try again",
                "the request was not executed: " + e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /** The write may or may not have happened; a blind retry could apply it twice. */
    @ExceptionHandler
    ProblemDetail outcomeUnknown(CommitOutcomeUnknownException e) {
        log.error("commit outcome unknown", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "outcome-unknown", "Outcome unknown",
                "the connection failed while the write was committing; read the account before retrying");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> fields = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            fields.add(new InvalidField(error.getField(), message(error)));
        }
        for (ObjectError error : e.getBindingResult().getGlobalErrors()) {
            fields.add(new InvalidField(error.getObjectName(), message(error)));
        }
        return ResponseEntity.badRequest().headers(headers).body(invalid(fields));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> fields = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                // A @Valid body validated along with a constrained path variable: name its fields.
                for (FieldError error : body.getFieldErrors()) {
                    fields.add(new InvalidField(error.getField(), message(error)));
                }
                for (ObjectError error : body.getGlobalErrors()) {
                    fields.add(new InvalidField(error.getObjectName(), message(error)));
                }
            } else {
                String name = String.valueOf(result.getMethodParameter().getParameterName());
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    fields.add(new InvalidField(name, message(error)));
                }
            }
        });
        return ResponseEntity.badRequest().headers(headers).body(invalid(fields));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        ProblemDetail problem;
        if (cause instanceof StreamReadException malformed && !(cause instanceof InputCoercionException)) {
            problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "the request body is not valid JSON: " + malformed.getOriginalMessage());
        } else if (cause instanceof JacksonException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            problem = invalid(List.of(new InvalidField(field, expectation(mapping))));
        } else if (cause instanceof JacksonException mapping) {
            problem = invalid(List.of(new InvalidField("body", "must be a JSON object: " + mapping.getOriginalMessage())));
        } else {
            problem = invalid(List.of(new InvalidField("body", "is missing or unreadable")));
        }
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    private static String expectation(JacksonException e) {
        if (e instanceof InputCoercionException) {
            return "must be a whole number within range";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
                return "must be a whole number";
            }
            if (target == String.class) {
                return "must be a string";
            }
            return "must be of type " + target.getSimpleName();
        }
        return "is invalid: " + e.getOriginalMessage();
    }

    private static String message(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message == null ? "is invalid" : message;
    }

    private static ProblemDetail invalid(List<InvalidField> fields) {
        List<InvalidField> sorted = fields.stream()
                .sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message)).toList();
        String detail = sorted.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                detail.isEmpty() ? "the request is invalid" : detail);
        problem.setProperty("errors", sorted.stream()
                .map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail accountProblem(HttpStatus status, String type, String title,
            AccountRejectedException e) {
        ProblemDetail problem = problem(status, type, title, e.reason());
        problem.setProperty("accountId", e.accountId().value());
        return problem;
    }
}
