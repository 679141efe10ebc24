package dev.kafkajsmskiam.authorizer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that long-polls the decision service for its generation (a number that changes on
 * every policy or identity change). A new generation empties the decision cache; the next poll, which
 * carries the new number, is the acknowledgement the service waits for before it tells a caller that the
 * change is in force. While the service cannot be reached nothing is cached, because no invalidation
 * could arrive.
 */
final class GenerationPoller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(GenerationPoller.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final DecisionClient client;
    private final DecisionCache cache;
    private final String authorizerId;
    private volatile boolean running = true;
    private Thread thread;

    GenerationPoller(DecisionClient client, DecisionCache cache, String authorizerId) {
        this.client = client;
        this.cache = cache;
        this.authorizerId = authorizerId;
    }

    synchronized void start() {
        if (thread != null) return;
        thread = new Thread(this, "msk-iam-authorizer-poller-" + authorizerId);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        if (thread != null) thread.interrupt();
    }

    @Override
    public void run() {
        long known = DecisionCache.UNKNOWN;
        long backoff = MIN_BACKOFF_MS;
        boolean reported = false;
        while (running) {
            try {
                long generation = client.pollGeneration(authorizerId, known == DecisionCache.UNKNOWN ? -1 : known);
                if (generation != known) {
                    cache.reset(generation);
                    known = generation;
                }
                backoff = MIN_BACKOFF_MS;
                if (reported) log.info("msk-iam authorizer {}: decision service reachable again (generation {})", authorizerId, generation);
                reported = false;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                if (known != DecisionCache.UNKNOWN) {
                    cache.reset(DecisionCache.UNKNOWN);
                    known = DecisionCache.UNKNOWN;
                }
                if (!reported) log.warn("msk-iam authorizer {}: generation poll failed, caching stopped: {}", authorizerId, e.getMessage());
                reported = true;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }
}
