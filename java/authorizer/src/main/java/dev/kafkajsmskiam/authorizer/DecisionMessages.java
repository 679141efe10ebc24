package dev.kafkajsmskiam.authorizer;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;

/**
 * The JSON bodies exchanged with the decision service; the TypeScript side parses and writes the same
 * shapes (src/testing/authorization/parseAuthorizeRequest.ts, startDecisionService.ts).
 *
 * <pre>
 * POST /authorize
 *   {"authorizer": str, "principal": str,
 *    "context": {"listenerName": str, "securityProtocol": str, "clientAddress": str|null, "apiKey": int,
 *                "apiName": str|null, "apiVersion": int, "correlationId": int, "clientId": str|null},
 *    "actions": [{"operation": str, "resourceType": str, "resourceName": str, "patternType": str,
 *                 "logIfAllowed": bool, "logIfDenied": bool}, ...]}
 *   → {"generation": int, "results": [{"allowed": bool, "cacheable": bool}, ...]}   (one per action, in order)
 * GET /generation?authorizer=str&amp;after=int&amp;waitMs=int
 *   → {"generation": int}   (at once if the generation differs from after, else when it changes or after waitMs)
 * </pre>
 */
final class DecisionMessages {
    private DecisionMessages() {}

    record Decisions(long generation, boolean[] allowed, boolean[] cacheable) {}

    static String authorizeBody(String authorizerId, AuthorizableRequestContext context, List<Action> actions) {
        JsonWriter w = new JsonWriter().beginObject();
        w.key("authorizer").value(authorizerId);
        w.key("principal").value(context.principal().getName());
        InetAddress address = context.clientAddress();
        int apiKey = context.requestType();
        w.key("context").beginObject()
                .key("listenerName").value(context.listenerName())
                .key("securityProtocol").value(context.securityProtocol() == null ? null : context.securityProtocol().name)
                .key("clientAddress").value(address == null ? null : address.getHostAddress())
                .key("apiKey").value(apiKey)
                .key("apiName").value(ApiKeys.hasId(apiKey) ? ApiKeys.forId(apiKey).name : null)
                .key("apiVersion").value(context.requestVersion())
                .key("correlationId").value(context.correlationId())
                .key("clientId").value(context.clientId())
                .endObject();
        w.key("actions").beginArray();
        for (Action action : actions) {
            w.beginObject()
                    .key("operation").value(action.operation().name())
                    .key("resourceType").value(action.resourcePattern().resourceType().name())
                    .key("resourceName").value(action.resourcePattern().name())
                    .key("patternType").value(action.resourcePattern().patternType().name())
                    .key("logIfAllowed").value(action.logIfAllowed())
                    .key("logIfDenied").value(action.logIfDenied())
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    static Decisions parseAuthorizeResponse(String body, int expected) {
        Map<?, ?> root = object(JsonReader.parse(body), "answer");
        long generation = integer(root.get("generation"), "generation");
        if (!(root.get("results") instanceof List<?> results)) throw new DecisionServiceException("answer without results");
        if (results.size() != expected) {
            throw new DecisionServiceException("answer has " + results.size() + " results for " + expected + " actions");
        }
        boolean[] allowed = new boolean[expected];
        boolean[] cacheable = new boolean[expected];
        for (int i = 0; i < expected; i++) {
            Map<?, ?> result = object(results.get(i), "result");
            allowed[i] = bool(result.get("allowed"), "allowed");
            cacheable[i] = bool(result.get("cacheable"), "cacheable");
        }
        return new Decisions(generation, allowed, cacheable);
    }

    static long parseGenerationResponse(String body) {
        return integer(object(JsonReader.parse(body), "answer").get("generation"), "generation");
    }

    private static Map<?, ?> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) return map;
        throw new DecisionServiceException(what + " is not a JSON object");
    }

    private static long integer(Object value, String what) {
        if (value instanceof Long n) return n;
        throw new DecisionServiceException(what + " is not an integer");
    }

    private static boolean bool(Object value, String what) {
        if (value instanceof Boolean b) return b;
        throw new DecisionServiceException(what + " is not a boolean");
    }
}
