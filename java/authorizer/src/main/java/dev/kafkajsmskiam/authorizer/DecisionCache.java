package dev.kafkajsmskiam.authorizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Decisions per principal (one principal is one client connection of the emulator), valid for one
 * generation of the decision service's policies and identities.
 *
 * <p>A generation change swaps in an empty cache instead of clearing the old one, and a decision is only
 * stored if it was made in the generation the cache is for: a decision that was computed before a policy
 * change but arrives after the swap can never be cached under the new policies.
 */
final class DecisionCache {
    /** Not a generation the service ever reports: nothing is cached while the current one is unknown. */
    static final long UNKNOWN = Long.MIN_VALUE;
    /** Bounds, so that connections the authorizer never hears closing cannot grow the cache forever. */
    static final int MAX_PRINCIPALS = 10_000;
    static final int MAX_ENTRIES_PER_PRINCIPAL = 10_000;

    record Key(AclOperation operation, ResourceType resourceType, String resourceName, PatternType patternType) {}

    private record Generation(long number, ConcurrentHashMap<String, ConcurrentHashMap<Key, Boolean>> byPrincipal) {}

    private final AtomicReference<Generation> current = new AtomicReference<>(new Generation(UNKNOWN, new ConcurrentHashMap<>()));

    /** The cached decision, or null. */
    Boolean get(String principal, Key key) {
        ConcurrentHashMap<Key, Boolean> decisions = current.get().byPrincipal().get(principal);
        return decisions == null ? null : decisions.get(key);
    }

    /** Stores a decision made in {@code generation}; ignored unless that is the cache's generation. */
    void put(long generation, String principal, Key key, boolean allowed) {
        Generation g = current.get();
        if (g.number() == UNKNOWN || g.number() != generation) return;
        if (g.byPrincipal().size() >= MAX_PRINCIPALS && !g.byPrincipal().containsKey(principal)) g.byPrincipal().clear();
        ConcurrentHashMap<Key, Boolean> decisions = g.byPrincipal().computeIfAbsent(principal, p -> new ConcurrentHashMap<>());
        if (decisions.size() >= MAX_ENTRIES_PER_PRINCIPAL) decisions.clear();
        decisions.put(key, allowed);
    }

    /** Drops every decision and starts caching for {@code generation} (UNKNOWN: stop caching). */
    void reset(long generation) {
        current.set(new Generation(generation, new ConcurrentHashMap<>()));
    }

    long generation() {
        return current.get().number();
    }

    int size() {
        int n = 0;
        for (ConcurrentHashMap<Key, Boolean> decisions : current.get().byPrincipal().values()) n += decisions.size();
        return n;
    }
}
