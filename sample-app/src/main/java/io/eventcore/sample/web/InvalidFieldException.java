package io.eventcore.sample.web;

/** A request value broke a rule no annotation expresses. Mapped to HTTP 400 naming the field. */
final class InvalidFieldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
