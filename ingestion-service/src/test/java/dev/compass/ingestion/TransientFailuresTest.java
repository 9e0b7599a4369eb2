package dev.compass.ingestion;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.TransientFailures;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Which consumer failures wait for the infrastructure (retried until it is back) and which are the event's own (sent
 * to the dead-letter topic): the line between losing an event during an outage and blocking a partition on poison.
 */
class TransientFailuresTest {

    @Test
    void anUnreachableOrRestartingDatabaseIsWaitedFor() {
        // what a consumer saw with PostgreSQL stopped: the driver's connection refusal, wrapped by the store
        assertTrue(TransientFailures.isTransient(new IllegalStateException("cannot record processed event",
                new PSQLException("Connection to localhost:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT))));
        assertTrue(TransientFailures.isTransient(new RuntimeException(new SQLException("terminating connection due"
                + " to administrator command", "57P01"))));
        assertTrue(TransientFailures.isTransient(new SQLException("Sorry, acquisition timeout!")));
        assertTrue(TransientFailures.isTransient(new SQLTransientConnectionException("pool exhausted")));
        assertTrue(TransientFailures.isTransient(new SQLException("deadlock detected", "40P01")));
    }

    @Test
    void aPersistenceUnitOrPoolClosedUnderAConsumerIsTheServiceStoppingNotPoison() {
        // what the agent's decision consumer saw when an approval arrived during its shutdown
        assertTrue(TransientFailures.closedUnderUs(new IllegalStateException("EntityManagerFactory is closed")));
        assertTrue(TransientFailures.closedUnderUs(new RuntimeException(new IllegalStateException(
                "This pool is closed and does not handle any more connections!"))));
        assertFalse(TransientFailures.closedUnderUs(new PoisonMessageException("payload is not JSON")));
        assertFalse(TransientFailures.closedUnderUs(new IllegalStateException("stream is closed")));
    }

    @Test
    void aFailureCausedByTheEventIsNotRetried() {
        assertFalse(TransientFailures.isTransient(new PoisonMessageException("payload is not JSON")));
        assertFalse(TransientFailures.isTransient(new IllegalStateException(new PSQLException("invalid byte"
                + " sequence for encoding \"UTF8\": 0x00", PSQLState.DATA_ERROR))));
        assertFalse(TransientFailures.isTransient(new IllegalStateException(new SQLException("duplicate key",
                "23505"))));
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
    }
}
