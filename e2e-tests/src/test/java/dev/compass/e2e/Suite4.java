package dev.compass.e2e;

import java.time.Duration;
import java.util.List;

/** The four services started together from their packaged jars, against the shared broker and database. */
final class Suite4 implements AutoCloseable {
    final ServiceProcess ingestion;
    final ServiceProcess insight;
    final ServiceProcess agent;
    final ServiceProcess governance;

    Suite4(String databaseSuffix) throws Exception {
        ingestion = new ServiceProcess("ingestion-service", "ingestion" + databaseSuffix);
        insight = new ServiceProcess("insight-service", "insight" + databaseSuffix);
        agent = new ServiceProcess("agent-service", "agent" + databaseSuffix);
        governance = new ServiceProcess("governance-service", "governance" + databaseSuffix);
    }

    List<ServiceProcess> all() {
        return List.of(ingestion, insight, agent, governance);
    }

    Suite4 start() throws Exception {
        for (ServiceProcess s : all()) {
            s.startNoWait();
        }
        for (ServiceProcess s : all()) {
            s.awaitReady(Duration.ofSeconds(300));
        }
        return this;
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess s : all()) {
            s.close();
        }
    }
}
