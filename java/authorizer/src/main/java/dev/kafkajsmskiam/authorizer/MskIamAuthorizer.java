package dev.kafkajsmskiam.authorizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.authorizer.AuthorizerServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local MSK's authorizer. Kafka itself decides which checks each request needs, in which order, and
 * what the client sees when one fails; this class only answers each check. Principals named
 * {@code msk-iam:<emulatorId>:<connectionId>} (the emulator's upstream connections, authenticated with an
 * unsecured OAUTHBEARER token on a loopback-only listener) are asked of the emulator's decision service;
 * every other principal (inter-broker, controller, tools on the PLAINTEXT listener) is allowed.
 *
 * <p>{@link #authorizeByResourceType} is deliberately not overridden: Kafka's default probes a topic
 * literally named {@code hardcode} and then enumerates {@link #acls}, which is empty here. That is what
 * makes an idempotent producer with topic-scoped WriteData fail with CLUSTER_AUTHORIZATION_FAILED on MSK.
 */
public final class MskIamAuthorizer implements Authorizer {
    static final String PRINCIPAL_PREFIX = "msk-iam:";
    private static final Logger log = LoggerFactory.getLogger(MskIamAuthorizer.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    private final DecisionCache cache = new DecisionCache();
    private final AtomicLong lastWarnAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressedWarnings = new AtomicLong();
    private volatile String authorizerId = "unstarted-" + shortId();
    private AuthorizerSettings settings;
    private Set<String> controllerListeners = Set.of();
    private DecisionClient client;
    private GenerationPoller poller;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = AuthorizerSettings.from(configs);
        Object names = configs.get("controller.listener.names");
        if (names != null) controllerListeners = Set.copyOf(Arrays.asList(names.toString().trim().split("\\s*,\\s*")));
        client = new DecisionClient(settings);
    }

    @Override
    public synchronized Map<Endpoint, ? extends CompletionStage<Void>> start(AuthorizerServerInfo serverInfo) {
        if (client == null) throw new IllegalStateException("MskIamAuthorizer.start() before configure()");
        if (poller != null) throw new IllegalStateException("MskIamAuthorizer started twice");
        // A combined KRaft node runs two instances (broker and controller role); the id tells them apart.
        boolean controller = !serverInfo.endpoints().isEmpty() && serverInfo.endpoints().stream()
                .allMatch(e -> controllerListeners.contains(e.listener()));
        authorizerId = "node" + serverInfo.brokerId() + "-" + (controller ? "controller" : "broker") + "-" + shortId();
        poller = new GenerationPoller(client, cache, authorizerId);
        poller.start();
        log.info("msk-iam authorizer {} asks {}", authorizerId, settings.serviceUrl());
        // Nothing to load: every listener may open at once.
        Map<Endpoint, CompletableFuture<Void>> ready = new HashMap<>();
        for (Endpoint endpoint : serverInfo.endpoints()) ready.put(endpoint, CompletableFuture.completedFuture(null));
        return ready;
    }

    @Override
    public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
        KafkaPrincipal principal = context.principal();
        if (!isEmulatorPrincipal(principal)) return Collections.nCopies(actions.size(), AuthorizationResult.ALLOWED);
        String name = principal.getName();
        AuthorizationResult[] results = new AuthorizationResult[actions.size()];
        List<Integer> missing = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            Boolean cached = cache.get(name, keyOf(actions.get(i)));
            if (cached == null) missing.add(i);
            else results[i] = cached ? AuthorizationResult.ALLOWED : AuthorizationResult.DENIED;
        }
        if (!missing.isEmpty()) ask(context, actions, missing, results);
        return Arrays.asList(results);
    }

    private void ask(AuthorizableRequestContext context, List<Action> actions, List<Integer> missing, AuthorizationResult[] results) {
        List<Action> asked = new ArrayList<>(missing.size());
        for (int i : missing) asked.add(actions.get(i));
        try {
            DecisionMessages.Decisions decisions = client.authorize(authorizerId, context, asked);
            for (int j = 0; j < missing.size(); j++) {
                boolean allowed = decisions.allowed()[j];
                results[missing.get(j)] = allowed ? AuthorizationResult.ALLOWED : AuthorizationResult.DENIED;
                if (decisions.cacheable()[j]) cache.put(decisions.generation(), context.principal().getName(), keyOf(asked.get(j)), allowed);
            }
        } catch (DecisionServiceException e) {
            // Fail closed: without an answer nothing is allowed, and nothing is cached.
            for (int i : missing) results[i] = AuthorizationResult.DENIED;
            warn(context, e);
        }
    }

    private void warn(AuthorizableRequestContext context, DecisionServiceException e) {
        long now = System.currentTimeMillis();
        long last = lastWarnAt.get();
        if (last != Long.MIN_VALUE && now - last < WARN_INTERVAL_MS) {
            suppressedWarnings.incrementAndGet();
            return;
        }
        if (!lastWarnAt.compareAndSet(last, now)) {
            suppressedWarnings.incrementAndGet();
            return;
        }
        long suppressed = suppressedWarnings.getAndSet(0);
        log.warn("msk-iam authorizer {}: DENIED {} (api key {}, correlation id {}): {}{}", authorizerId, context.principal().getName(),
                context.requestType(), context.correlationId(), e.getMessage(),
                suppressed > 0 ? " (" + suppressed + " similar failures not logged)" : "");
    }

    static boolean isEmulatorPrincipal(KafkaPrincipal principal) {
        return principal != null && KafkaPrincipal.USER_TYPE.equals(principal.getPrincipalType())
                && principal.getName() != null && principal.getName().startsWith(PRINCIPAL_PREFIX);
    }

    private static DecisionCache.Key keyOf(Action action) {
        return new DecisionCache.Key(action.operation(), action.resourcePattern().resourceType(),
                action.resourcePattern().name(), action.resourcePattern().patternType());
    }

    /** ACLs have no effect on IAM principals on MSK; there are none to list. */
    @Override
    public Iterable<AclBinding> acls(AclBindingFilter filter) {
        return Collections.emptyList();
    }

    @Override
    public List<? extends CompletionStage<AclCreateResult>> createAcls(AuthorizableRequestContext context, List<AclBinding> aclBindings) {
        InvalidRequestException refused = new InvalidRequestException(
                "ACLs are not supported by the local MSK's IAM authorizer: on MSK, ACLs have no effect on IAM principals; grant kafka-cluster:* actions in IAM policies instead");
        List<CompletableFuture<AclCreateResult>> results = new ArrayList<>(aclBindings.size());
        for (int i = 0; i < aclBindings.size(); i++) results.add(CompletableFuture.completedFuture(new AclCreateResult(refused)));
        return results;
    }

    @Override
    public List<? extends CompletionStage<AclDeleteResult>> deleteAcls(AuthorizableRequestContext context, List<AclBindingFilter> aclBindingFilters) {
        InvalidRequestException refused = new InvalidRequestException(
                "ACLs are not supported by the local MSK's IAM authorizer: there are none to delete");
        List<CompletableFuture<AclDeleteResult>> results = new ArrayList<>(aclBindingFilters.size());
        for (int i = 0; i < aclBindingFilters.size(); i++) results.add(CompletableFuture.completedFuture(new AclDeleteResult(refused)));
        return results;
    }

    @Override
    public synchronized void close() {
        if (poller != null) poller.stop();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
