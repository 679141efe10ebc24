package dev.kafkajsmskiam.authorizer;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The authorizer's server.properties entries. The names are part of the contract with the TypeScript side
 * (src/testing/authorization/constants.ts writes them); a missing or malformed one stops the broker at
 * start-up with a ConfigException naming it, rather than denying every request later.
 */
record AuthorizerSettings(URI serviceUrl, Duration requestTimeout, Duration pollWait) {
    static final String URL = "msk.iam.authorizer.url";
    static final String REQUEST_TIMEOUT_MS = "msk.iam.authorizer.request.timeout.ms";
    static final String POLL_WAIT_MS = "msk.iam.authorizer.poll.wait.ms";

    static final long DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
    static final long DEFAULT_POLL_WAIT_MS = 20_000;

    static AuthorizerSettings from(Map<String, ?> configs) {
        Object url = configs.get(URL);
        if (url == null || url.toString().isBlank()) throw new ConfigException(URL + " is required (the decision service, e.g. http://127.0.0.1:4321)");
        URI uri;
        try {
            uri = URI.create(url.toString().trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URL, url, "not a URL");
        }
        boolean originOnly = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null;
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0 || !originOnly) {
            throw new ConfigException(URL, url, "expected http://<host>:<port>");
        }
        return new AuthorizerSettings(
                uri, millis(configs, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS), millis(configs, POLL_WAIT_MS, DEFAULT_POLL_WAIT_MS));
    }

    private static Duration millis(Map<String, ?> configs, String key, long fallback) {
        Object raw = configs.get(key);
        if (raw == null) return Duration.ofMillis(fallback);
        try {
            long ms = Long.parseLong(raw.toString().trim());
            if (ms <= 0) throw new ConfigException(key, raw, "must be a positive number of milliseconds");
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "must be a positive number of milliseconds");
        }
    }

    URI resolve(String pathAndQuery) {
        return serviceUrl.resolve(pathAndQuery);
    }
}
