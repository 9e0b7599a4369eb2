package dev.compass.contracts;

import dev.compass.contracts.events.*;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The event catalogue: for every event type its CloudEvents {@code type}, topic, JSON Schema, Java record, the field
 * that is the Kafka key (or fields, joined by {@code |}: {@link #keyOf}), the producing service and the services that act on it (each with its own dead-letter topic);
 * governance-service's audit trail reads every topic besides, and sets aside what it cannot record on
 * {@link Topics#AUDIT_DEAD_LETTER}. The AsyncAPI document, the Strimzi topic resources and the compose file are
 * checked against this list by tests.
 */
public enum EventType {
    DOCUMENT("dev.compass.ingestion.document.v1", Topics.DOCUMENTS, DocumentEvent.class, "documentId",
            List.of(Service.INGESTION), List.of(Service.INSIGHT)),
    CHUNK("dev.compass.ingestion.chunk.v1", Topics.CHUNKS, ChunkEvent.class, "documentId",
            List.of(Service.INGESTION), List.of(Service.INSIGHT)),
    DATASET("dev.compass.ingestion.dataset.v1", Topics.DATASETS, DatasetEvent.class, "datasetId",
            List.of(Service.INGESTION), List.of(Service.INSIGHT)),
    CRAWL_WORK("dev.compass.ingestion.crawl-work.v1", Topics.CRAWL_WORK, CrawlWorkItem.class, "siteId",
            List.of(Service.INGESTION), List.of(Service.INGESTION)),
    INSIGHT("dev.compass.insight.insight.v1", Topics.INSIGHTS, InsightEvent.class, "subjectId",
            List.of(Service.INSIGHT), List.of()),
    MIX_MODEL("dev.compass.insight.mix-model.v1", Topics.MIX_MODELS, MixModelEvent.class, "brand|market",
            List.of(Service.INSIGHT), List.of(Service.AGENT)),
    QUESTION("dev.compass.insight.question.v1", Topics.QUESTIONS, QuestionEvent.class, "conversationId",
            List.of(Service.AGENT), List.of(Service.INSIGHT)),
    ANSWER("dev.compass.insight.answer.v1", Topics.ANSWERS, AnswerEvent.class, "conversationId",
            List.of(Service.INSIGHT), List.of(Service.AGENT)),
    AGENT_MESSAGE("dev.compass.agent.message.v1", Topics.DIALOGUE, AgentMessage.class, "conversationId",
            List.of(Service.AGENT), List.of(Service.AGENT, Service.GOVERNANCE)),
    BUDGET_PROPOSAL("dev.compass.budget.proposal.v1", Topics.PROPOSALS, BudgetProposal.class, "proposalId",
            List.of(Service.AGENT), List.of(Service.GOVERNANCE)),
    DECISION("dev.compass.governance.decision.v1", Topics.DECISIONS, GovernanceDecision.class, "proposalId",
            List.of(Service.GOVERNANCE), List.of(Service.AGENT)),
    LEDGER_ENTRY("dev.compass.budget.ledger-entry.v1", Topics.LEDGER, LedgerEvent.class, "lineId",
            List.of(Service.AGENT), List.of(Service.GOVERNANCE)),
    AGENT_REGISTRATION("dev.compass.governance.agent.v1", Topics.AGENTS, AgentRegistration.class, "agentId",
            List.of(Service.GOVERNANCE), List.of(Service.AGENT)),
    USE_CASE("dev.compass.governance.use-case.v1", Topics.USE_CASES, UseCaseEvent.class, "useCaseId",
            List.of(Service.GOVERNANCE), List.of()),
    VIOLATION("dev.compass.governance.violation.v1", Topics.VIOLATIONS, Violation.class, "subjectId",
            List.of(Service.GOVERNANCE, Service.AGENT), List.of()),
    USAGE("dev.compass.governance.usage.v1", Topics.USAGE, UsageEvent.class, "user",
            List.of(Service.AGENT, Service.INSIGHT), List.of(Service.GOVERNANCE));

    private final String ceType;
    private final String topic;
    private final Class<? extends Record> recordType;
    private final String keyField;
    private final List<Service> producers;
    private final List<Service> consumers;

    EventType(String ceType, String topic, Class<? extends Record> recordType, String keyField,
            List<Service> producers, List<Service> consumers) {
        this.ceType = ceType;
        this.topic = topic;
        this.recordType = recordType;
        this.keyField = keyField;
        this.producers = producers;
        this.consumers = consumers;
    }

    public String ceType() { return ceType; }
    public String topic() { return topic; }
    public Class<? extends Record> recordType() { return recordType; }
    public String keyField() { return keyField; }

    /**
     * The Kafka key of {@code event}: the value of its {@link #keyField()}, or of each of its fields joined by
     * {@code |} ({@code brand|market}). Every event of one entity has the same key, so they share a partition and
     * are read in order; producers must use it and consumers refuse a record whose key differs.
     *
     * @throws IllegalArgumentException if {@code event} is not this type's record, or a key field is null
     */
    public String keyOf(Record event) {
        if (!recordType.isInstance(event)) {
            throw new IllegalArgumentException(name() + " is carried by " + recordType.getSimpleName() + ", not "
                    + (event == null ? "null" : event.getClass().getSimpleName()));
        }
        StringBuilder key = new StringBuilder();
        for (String field : keyField.split("\\|")) {
            Object value = component(field, event);
            if (value == null) {
                throw new IllegalArgumentException(name() + " has no " + field + ", which is its Kafka key");
            }
            key.append(key.isEmpty() ? "" : "|").append(value);
        }
        return key.toString();
    }

    private Object component(String field, Record event) {
        for (RecordComponent c : recordType.getRecordComponents()) {
            if (c.getName().equals(field)) {
                try {
                    return c.getAccessor().invoke(event);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + field + " of " + recordType.getSimpleName(), e);
                }
            }
        }
        throw new IllegalStateException(recordType.getSimpleName() + " has no component " + field);
    }
    /** The services that produce this event type; the first owns it. */
    public List<Service> producers() { return producers; }
    public List<Service> consumers() { return consumers; }
    /** Classpath location of the JSON Schema of this event type. */
    public String schemaResource() { return "schemas/" + ceType + ".json"; }

    public static Optional<EventType> byCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static EventType forRecord(Class<?> recordType) {
        return Arrays.stream(values()).filter(t -> t.recordType.equals(recordType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + recordType.getName()));
    }

    public static Optional<EventType> byTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).findFirst();
    }

    /** The four deployable services, with their HTTP ports. */
    public enum Service {
        INGESTION("ingestion-service", 8081, 9081), INSIGHT("insight-service", 8082, 9082),
        AGENT("agent-service", 8083, 9083), GOVERNANCE("governance-service", 8084, 9084);

        private final String serviceName;
        private final int port;
        private final int managementPort;

        Service(String serviceName, int port, int managementPort) {
            this.serviceName = serviceName;
            this.port = port;
            this.managementPort = managementPort;
        }

        public String serviceName() { return serviceName; }
        /** The API's port (and the OpenAPI document's). */
        public int port() { return port; }
        /** The management interface's port: health checks and metrics, kept off the API's port. */
        public int managementPort() { return managementPort; }
    }
}
