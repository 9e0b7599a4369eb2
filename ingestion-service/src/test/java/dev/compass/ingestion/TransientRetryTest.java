package dev.compass.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.compass.kit.events.RetryTransientFailures;
import dev.compass.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The retry of consumers around an unreachable database: the processing is run again until it succeeds, each attempt
 * in a transaction of its own (a failed one is rolled back, not reused), and a failure of the event itself is not
 * retried.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class TransientRetryTest {

    /** A consumer whose database is unreachable for its first attempts. */
    @ApplicationScoped
    @RetryTransientFailures
    public static class FlakyConsumer {
        @Inject
        TransactionManager transactions;
        private final List<String> attempts = new ArrayList<>();
        private int unreachableFor;
        private RuntimeException eventFailure;

        /** (State through methods: the injected client proxy has fields of its own.) */
        public void reset(int unreachableFor, RuntimeException eventFailure) {
            attempts.clear();
            this.unreachableFor = unreachableFor;
            this.eventFailure = eventFailure;
        }

        public List<String> attempts() {
            return List.copyOf(attempts);
        }

        @Transactional
        public String consume() throws Exception {
            attempts.add(String.valueOf(transactions.getTransaction()));
            if (eventFailure != null) {
                throw eventFailure;
            }
            if (attempts.size() <= unreachableFor) {
                throw new IllegalStateException("cannot record processed event", new PSQLException(
                        "Connection to localhost:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
            }
            return "done";
        }
    }

    @Inject
    FlakyConsumer consumer;
    @Inject
    MeterRegistry registry;

    @Test
    void everyRetryingConsumerHasItsCounterFromTheStartSoAnAlertCanWatchIt() {
        for (String name : List.of("CrawlWorkConsumer", "DocumentProcessor")) {
            assertNotNull(registry.find("compass.consumer.transient.retries").tag("consumer", name).counter(),
                    name + "'s retry counter is registered before its first retry");
        }
    }

    @Test
    void processingWaitsForTheDatabaseEachAttemptInItsOwnTransaction() throws Exception {
        consumer.reset(2, null);
        assertEquals("done", consumer.consume());
        assertEquals(3, consumer.attempts().size(), "two failed attempts, then the one that worked");
        assertEquals(3, new HashSet<>(consumer.attempts()).size(), "a fresh transaction each time: "
                + consumer.attempts());
    }

    @Test
    void aFailureOfTheEventItselfIsNotRetried() {
        consumer.reset(0, new IllegalStateException(new PSQLException("invalid byte sequence for encoding"
                + " \"UTF8\": 0x00", PSQLState.DATA_ERROR)));
        assertThrows(IllegalStateException.class, consumer::consume);
        assertEquals(1, consumer.attempts().size());
    }
}
