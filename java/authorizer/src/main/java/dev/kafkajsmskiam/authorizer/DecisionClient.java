package dev.kafkajsmskiam.authorizer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;

/**
 * HTTP/1.1 to the decision service with java.net.http. Every call is bounded as a whole (connect,
 * headers and body) by the configured timeout: a request handler thread of the broker waits at most that
 * long, whatever the service does.
 */
final class DecisionClient {
    private static final int MAX_ERROR_TEXT = 300;
    private final AuthorizerSettings settings;
    private final HttpClient http;

    DecisionClient(AuthorizerSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .build();
    }

    DecisionMessages.Decisions authorize(String authorizerId, AuthorizableRequestContext context, List<Action> actions) {
        HttpRequest request = HttpRequest.newBuilder(settings.resolve("/authorize"))
                .timeout(settings.requestTimeout())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DecisionMessages.authorizeBody(authorizerId, context, actions), StandardCharsets.UTF_8))
                .build();
        return DecisionMessages.parseAuthorizeResponse(send(request, settings.requestTimeout(), true), actions.size());
    }

    /** Long-polls for a generation other than {@code after}; the service answers within pollWait. */
    long pollGeneration(String authorizerId, long after) throws InterruptedException {
        String query = "/generation?authorizer=" + URLEncoder.encode(authorizerId, StandardCharsets.UTF_8)
                + "&after=" + after + "&waitMs=" + settings.pollWait().toMillis();
        Duration limit = settings.pollWait().plus(settings.requestTimeout());
        HttpRequest request = HttpRequest.newBuilder(settings.resolve(query)).timeout(limit).GET().build();
        try {
            return DecisionMessages.parseGenerationResponse(sendInterruptibly(request, limit));
        } catch (IOException | TimeoutException | ExecutionException e) {
            throw new DecisionServiceException(describe(e, limit), e);
        }
    }

    private String send(HttpRequest request, Duration limit, boolean retryOnce) {
        try {
            return sendInterruptibly(request, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionServiceException("interrupted while asking the decision service", e);
        } catch (ExecutionException e) {
            // A pooled keep-alive connection the service had just closed: one fresh attempt. A refused
            // connection means the service is down, and is not retried.
            if (retryOnce && e.getCause() instanceof IOException && !(e.getCause() instanceof ConnectException)) {
                return send(request, limit, false);
            }
            throw new DecisionServiceException(describe(e, limit), e);
        } catch (IOException | TimeoutException e) {
            throw new DecisionServiceException(describe(e, limit), e);
        }
    }

    private String sendInterruptibly(HttpRequest request, Duration limit)
            throws InterruptedException, ExecutionException, TimeoutException, IOException {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        if (response.statusCode() != 200) {
            String text = response.body() == null ? "" : response.body();
            if (text.length() > MAX_ERROR_TEXT) text = text.substring(0, MAX_ERROR_TEXT) + "…";
            throw new IOException("decision service answered HTTP " + response.statusCode() + ": " + text);
        }
        return response.body();
    }

    private String describe(Exception e, Duration limit) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) return "no answer from the decision service at " + settings.serviceUrl() + " within " + limit.toMillis() + " ms";
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return "cannot reach the decision service at " + settings.serviceUrl() + " (" + message + ")";
    }
}
