package dev.compass.contracts;

import java.util.List;

/** Every Kafka topic of the suite. Names are versioned; a breaking change gets a new topic. */
public final class Topics {
    private Topics() {}

    /** key: documentId. Document received, published, quarantined, duplicate, deleted. */
    public static final String DOCUMENTS = "ingestion.documents.v1";
    /** key: documentId. Text chunks with page references and access groups, in document order. */
    public static final String CHUNKS = "ingestion.chunks.v1";
    /** key: datasetId. Validated spend/sales data sets. */
    public static final String DATASETS = "ingestion.datasets.v1";
    /** key: siteId. Crawl work items: one site (or drive) to synchronise. */
    public static final String CRAWL_WORK = "ingestion.crawl-work.v1";
    /** key: subject id. Summaries and key findings. */
    public static final String INSIGHTS = "insight.insights.v1";
    /** key: brand|market. Fitted marketing-mix models with curves. */
    public static final String MIX_MODELS = "insight.mix-models.v1";
    /** key: conversationId. Evidence questions asked by agents. */
    public static final String QUESTIONS = "insight.questions.v1";
    /** key: conversationId. Evidence answers with citations. */
    public static final String ANSWERS = "insight.answers.v1";
    /** key: conversationId. Every agent-to-agent message. */
    public static final String DIALOGUE = "agent.dialogue.v1";
    /** key: proposalId. Budget reallocation proposals. */
    public static final String PROPOSALS = "budget.proposals.v1";
    /** key: proposalId. Approval or rejection of proposals. */
    public static final String DECISIONS = "governance.decisions.v1";
    /** key: budget line id. Applied reallocations. */
    public static final String LEDGER = "budget.ledger.v1";
    /** key: agentId, compacted. The agent registry. */
    public static final String AGENTS = "governance.agents.v1";
    /** key: useCaseId. Use-case registry changes. */
    public static final String USE_CASES = "governance.use-cases.v1";
    /** key: subjectId, the offending message or proposal id. Protocol or policy violations. */
    public static final String VIOLATIONS = "governance.violations.v1";
    /** key: user subject. Adoption signals: a person started a conversation or asked for an answer. */
    public static final String USAGE = "governance.usage.v1";

    /** Dead-letter topic of governance-service's audit trail, which reads every topic through one consumer. */
    public static final String AUDIT_DEAD_LETTER = "governance.audit-trail.dlq.governance-service";

    /** Every business topic (dead-letter topics excluded). */
    public static final List<String> ALL = List.of(DOCUMENTS, CHUNKS, DATASETS, CRAWL_WORK, INSIGHTS, MIX_MODELS,
            QUESTIONS, ANSWERS, DIALOGUE, PROPOSALS, DECISIONS, LEDGER, AGENTS, USE_CASES, VIOLATIONS, USAGE);

    /** Dead-letter topic of one consuming service for one topic: {@code <topic>.dlq.<service>}. */
    public static String deadLetter(String topic, String service) {
        return topic + ".dlq." + service;
    }
}
