package dev.compass.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.compass.contracts.events.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One typical event of every type, as a producer would write it. */
final class SampleEvents {
    private SampleEvents() {}

    static final Instant NOW = Instant.parse("2026-11-29T10:15:30Z");
    static final DocumentMetadata META = new DocumentMetadata(List.of("A. Weber"), "en", LocalDate.of(2026, 3, 1),
            List.of("Cardiozen"), List.of("DE"), List.of("cardiology"), Map.of("kind", "study"));
    static final Quality QUALITY = new Quality(72, List.of(new Quality.QualityReason("NO_METHOD", 15,
            "no method or sample size found")));

    static Object of(EventType type) {
        return switch (type) {
            case DOCUMENT -> new DocumentEvent("doc-1", "PUBLISHED", null, null, null, "sites/de-market", "/studies/a.pdf",
                    "Launch study", "application/pdf", "sha256:ab", 1024L, List.of("emea-marketing"), META, QUALITY,
                    "corr-1", null, NOW);
            case CHUNK -> new ChunkEvent("doc-1", "doc-1#0", 0, 3, "Launch study", "sites/de-market", 1, 2,
                    List.of("Results"), "Cardiologists in Germany prefer...", 120, List.of("emea-marketing"), 72, META,
                    "corr-1", "evt-doc-1", NOW);
            case DATASET -> new DatasetEvent("ds-1", "Cardiozen", "DE", "revenue", "date", List.of("tv", "search"),
                    List.of("price"), 2, "USABLE", List.of(new DatasetEvent.DatasetIssue("SHORT_HISTORY", "WARNING",
                            null, null, "2 weeks")),
                    List.of(new DatasetEvent.WeeklyRow(LocalDate.of(2026, 1, 5), Map.of("revenue", 10.0, "tv", 1.0)),
                            new DatasetEvent.WeeklyRow(LocalDate.of(2026, 1, 12), Map.of("revenue", 11.0, "tv", 2.0))),
                    "corr-2", null, NOW);
            case CRAWL_WORK -> new CrawlWorkItem("w-1", "src-1", "sync-1", "sharepoint", "site-123", false, "corr-3",
                    null, NOW);
            case INSIGHT -> new InsightEvent("doc-1", "DOCUMENT", "Launch study", "Short summary.",
                    List.of(new InsightEvent.Finding("Uptake is fastest among hospital cardiologists.", List.of(12),
                            List.of("doc-1#4"))), "EXTRACTIVE", null, "corr-1", "evt-chunk", NOW);
            case MIX_MODEL -> new MixModelEvent("mm-1", "Cardiozen", "DE", "revenue", 1, "ds-1", 156,
                    new MixModelEvent.Fit(0.93, 0.04, 0.06), 0.61,
                    List.of(new MixModelEvent.Channel("tv", 1.0e6, 6410.0, 2.1e6, 0.25, 2.1, 1.7, 2.6, 1.3, 0.5,
                            Map.of("halfSaturation", 5000.0, "shape", 1.5), Map.of("beta", 3.2),
                            List.of(new MixModelEvent.CurvePoint(0, 0, 0, 0),
                                    new MixModelEvent.CurvePoint(6410, 13000, 11000, 15000)))),
                    Map.of("method", "adstock-hill-ridge", "methodVersion", "1"), "corr-2", "evt-ds-1", NOW);
            case QUESTION -> new QuestionEvent("q-1", "conv-1", "commercial-agent",
                    "What do cardiologists in Germany say about Cardiozen?", Map.of("country", "DE"),
                    List.of("emea-marketing"), "corr-4", "msg-1", NOW);
            case ANSWER -> new AnswerEvent("a-1", "q-1", "conv-1", "Cardiologists value ... [1]",
                    List.of(new Citation("doc-1", "doc-1#0", "Launch study", 3, "prefer", 72)), 0.8, true,
                    "EXTRACTIVE", "corr-4", "q-1", NOW);
            case AGENT_MESSAGE -> new AgentMessage("msg-1", "conv-1", "corr-4", null, "commercial-agent",
                    "finance-agent", "REQUEST", "submitted", "Requesting 120000 EUR for search in DE.",
                    JsonNodeFactory.instance.objectNode().put("amount", 120000),
                    new AgentMessage.Provenance("deterministic", "1", List.of("mixModel.marginalRoi"),
                            Map.of("mixModel", "mm-1")), NOW);
            case BUDGET_PROPOSAL -> new BudgetProposal("p-1", "conv-1", "Cardiozen", "DE", "2027-Q1", "EUR",
                    "finance-agent",
                    "commercial-agent", "ana.lyst", List.of(new BudgetProposal.Move("line-print", "line-search", "print", "search",
                            120000, 400000)), 120000, 95000, 60000, 130000, 1.2e6, 1.295e6, "cut print", "corr-4",
                    "msg-3", NOW);
            case DECISION -> new GovernanceDecision("d-1", "p-1", "conv-1", "APPROVED", "policy", "AUTO",
                    "under thresholds", "corr-4", "evt-p-1", NOW);
            case LEDGER_ENTRY -> new LedgerEvent("le-1", "line-print", "p-1", "Cardiozen", "DE", "print", "2027-Q1",
                    "EUR", 400000, 280000, -120000, "corr-4", "d-1", NOW);
            case AGENT_REGISTRATION -> new AgentRegistration("finance-agent", "Finance agent", "j.doe",
                    "funds requests", List.of("ledger"), List.of("budget"), "HIGH", "deterministic", "ACTIVE", null,
                    "corr-5", null, NOW, "r.reviewer");
            case USE_CASE -> new UseCaseEvent("uc-1", "CREATED", "Summarise studies", "SUBMITTED", "m.muster", "EMEA",
                    "STRATEGIC", "BUILD", null, null, "m.muster", "corr-6", null, NOW);
            case VIOLATION -> new Violation("v-1", "INACTIVE_SENDER", "msg-9", "conv-2", "sender suspended",
                    "governance-service", "corr-7", "msg-9", NOW);
            case USAGE -> new UsageEvent("u-1", "m.muster", List.of("employee"), "ANSWER_ASKED", "insight-service",
                    "corr-8", NOW);
        };
    }
}
