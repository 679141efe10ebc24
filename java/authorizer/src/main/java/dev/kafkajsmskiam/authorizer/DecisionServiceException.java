package dev.kafkajsmskiam.authorizer;

/** The decision service could not be asked, or answered something unusable: the caller denies. */
final class DecisionServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecisionServiceException(String message) {
        super(message);
    }

    DecisionServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
