package dev.compass.governance.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.AgentMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read the payload of an audited event: the document-access rules of the suite applied to the audit trail.
 * Every record stays in a story (sequence, ids and hashes, so the story and the chain are complete); only the payload of
 * one the reader may not read is replaced by {@code {"withheld": reason}}. Ops and admins read everything. Otherwise:
 * <ul>
 * <li>a document or chunk ({@code ingestion.documents.v1}, {@code ingestion.chunks.v1}) when any of its groups is one
 * of the reader's, as the insight service lets people read documents;</li>
 * <li>a synthesis ({@code insight.insights.v1}) by the groups of the document it summarises, from the latest audited
 * {@code ingestion.documents.v1} record of that document; withheld when there is none (fail closed);</li>
 * <li>a question and its answer ({@code insight.questions.v1}, {@code insight.answers.v1}) when the reader is in all
 * the groups the question was asked with, as agent-service shows evidence; an answer is linked to its question by
 * questionId or by its causation id (the question's event id), and withheld when the question is not on the trail;</li>
 * <li>a dialogue message carrying received evidence ({@code agent.dialogue.v1}, {@code data.evidence.status} received)
 * when the reader is in all the groups of every question of the conversation; otherwise, as agent-service does, its
 * figures stay and the evidence and the text that quotes it are withheld;</li>
 * <li>a violation ({@code governance.violations.v1}) by the same rule as a dialogue message of its conversation: its
 * {@code detail} may quote the offending text, and agent-service's NUMBER_GUARD quotes a language model's text, which
 * may quote the conversation's evidence (the model reads it through its evidence tool). Otherwise the violation stays
 * (kind, subject, conversation, detector) with the invented figures, and the text is withheld; withheld as well when
 * the conversation's question is not on the trail, or the violation names no conversation. Governance's own findings
 * (detected by {@value #OWN_DETECTOR}) name agents, statuses, ids and schema rules, never a message's text, and are
 * shown as recorded.</li>
 * </ul>
 * Other topics carry no document content and are shown as recorded. A budget proposal's {@code rationale} is not
 * guarded: agent-service writes it from the computed figures only (amount, channel, horizon, projected gain and its
 * interval), never from the evidence, and a decision carries no rationale.
 */
public final class AuditAccess {
    public static final String DOCUMENT_CONTENT = "it carries document content shared with groups you are not in";
    public static final String DOCUMENT_SUMMARY = "it summarises a document shared with groups you are not in";
    public static final String DOCUMENT_UNKNOWN = "it summarises a document whose access groups are not in the audit"
            + " trail";
    public static final String GROUPS_UNKNOWN = "it carries document content and names no access groups";
    public static final String EVIDENCE = "it carries evidence asked for with groups you are not all in";
    public static final String QUESTION_UNKNOWN = "it answers a question whose access groups are not in the audit trail";
    public static final String MESSAGE_EVIDENCE = "it quotes evidence asked for with groups you are not all in";
    public static final String MESSAGE_UNKNOWN = "it quotes evidence whose question, and so its access groups, is not in"
            + " the audit trail";
    public static final String VIOLATION_EVIDENCE = "it may quote a message of a conversation whose evidence was asked"
            + " for with groups you are not all in";
    public static final String VIOLATION_UNKNOWN = "it may quote a message of a conversation whose question, and so its"
            + " access groups, is not in the audit trail";
    /** The {@code detectedBy} of governance's own conformance findings, whose details quote no message text. */
    public static final String OWN_DETECTOR = "governance-service";
    /** How agent-service's number guard states the figures no tool produced, before the model text it quotes. */
    private static final java.util.regex.Pattern INVENTED_FIGURES =
            java.util.regex.Pattern.compile("^numbers no tool produced: \\[[-+0-9.,eE ]*\\]");

    /** Who reads: ops and admins read everything, anyone else by their document-access groups. */
    public record Reader(boolean everything, Set<String> groups) {
        public Reader {
            groups = Set.copyOf(groups);
        }
    }

    /** An audited record as the rules read it. */
    public record Item(String topic, String eventId, String causationId, JsonNode payload) {}

    private final Reader reader;
    private final Map<String, JsonNode> documents;
    private final List<Item> questions;

    /**
     * @param documents the latest audited {@code ingestion.documents.v1} payload of each document the page's syntheses
     *        summarise, by document id (see {@link #documentsNeeded})
     * @param questions the audited {@code insight.questions.v1} records of the page's conversations and of its
     *        answers' causation ids (see {@link #conversationsNeeded}, {@link #questionEventsNeeded})
     */
    public AuditAccess(Reader reader, Map<String, JsonNode> documents, Collection<Item> questions) {
        this.reader = reader;
        this.documents = Map.copyOf(documents);
        this.questions = List.copyOf(questions);
    }

    /** The documents whose groups decide who reads the syntheses among these records. */
    public static Set<String> documentsNeeded(Collection<Item> items) {
        Set<String> ids = new LinkedHashSet<>();
        items.stream().filter(i -> Topics.INSIGHTS.equals(i.topic())).map(i -> text(i.payload(), "subjectId"))
                .filter(id -> id != null).forEach(ids::add);
        return ids;
    }

    /**
     * The conversations whose questions decide who reads the answers, dialogue messages and violations among these
     * records.
     */
    public static Set<String> conversationsNeeded(Collection<Item> items) {
        Set<String> ids = new LinkedHashSet<>();
        items.stream().filter(i -> Topics.ANSWERS.equals(i.topic()) || Topics.DIALOGUE.equals(i.topic())
                        || Topics.VIOLATIONS.equals(i.topic()))
                .map(i -> text(i.payload(), "conversationId")).filter(id -> id != null).forEach(ids::add);
        return ids;
    }

    /** The event ids of the questions the answers among these records name as their cause. */
    public static Set<String> questionEventsNeeded(Collection<Item> items) {
        Set<String> ids = new LinkedHashSet<>();
        items.stream().filter(i -> Topics.ANSWERS.equals(i.topic())).map(Item::causationId).filter(id -> id != null)
                .forEach(ids::add);
        return ids;
    }

    /** Whether records of the topic may carry document content (the others are shown to every reader as recorded). */
    public static boolean guarded(String topic) {
        return switch (topic) {
            case Topics.DOCUMENTS, Topics.CHUNKS, Topics.INSIGHTS, Topics.QUESTIONS, Topics.ANSWERS, Topics.DIALOGUE,
                    Topics.VIOLATIONS -> true;
            default -> false;
        };
    }

    /** The payload as this reader may see it: as recorded, or withheld with the reason. */
    public JsonNode visible(Item item) {
        if (reader.everything() || !guarded(item.topic())) {
            return item.payload();
        }
        JsonNode p = item.payload();
        return switch (item.topic()) {
            case Topics.DOCUMENTS, Topics.CHUNKS -> anyOf(groups(p))
                    .map(ok -> ok ? p : withheld(DOCUMENT_CONTENT)).orElseGet(() -> withheld(GROUPS_UNKNOWN));
            case Topics.INSIGHTS -> {
                String documentId = text(p, "subjectId");
                JsonNode document = documentId == null ? null : documents.get(documentId);
                Optional<Boolean> ok = document == null ? Optional.empty() : anyOf(groups(document));
                yield ok.map(yes -> yes ? p : withheld(DOCUMENT_SUMMARY)).orElseGet(() -> withheld(DOCUMENT_UNKNOWN));
            }
            case Topics.QUESTIONS -> allOf(groups(p)).map(ok -> ok ? p : withheld(EVIDENCE))
                    .orElseGet(() -> withheld(GROUPS_UNKNOWN));
            case Topics.ANSWERS -> question(item).map(q -> allOf(groups(q.payload())).orElse(false))
                    .map(ok -> ok ? p : withheld(EVIDENCE)).orElseGet(() -> withheld(QUESTION_UNKNOWN));
            case Topics.DIALOGUE -> message(p);
            case Topics.VIOLATIONS -> violation(p);
            default -> p;
        };
    }

    /** The question an answer answers: the one with its questionId, else the event it names as its cause. */
    private Optional<Item> question(Item answer) {
        String questionId = text(answer.payload(), "questionId");
        if (questionId != null) {
            Optional<Item> byId = questions.stream().filter(q -> questionId.equals(text(q.payload(), "questionId"))
                    || text(q.payload(), "questionId") == null && questionId.equals(q.eventId())).findFirst();
            if (byId.isPresent()) {
                return byId;
            }
        }
        return answer.causationId() == null ? Optional.empty()
                : questions.stream().filter(q -> answer.causationId().equals(q.eventId())).findFirst();
    }

    private JsonNode message(JsonNode message) {
        JsonNode evidence = message.path("data").path("evidence");
        boolean carriesEvidence = "received".equals(evidence.path("status").asText());
        if (!carriesEvidence && !AgentMessage.modelReadTheEvidence(message)) {
            return message;
        }
        List<Item> asked = askedIn(text(message, "conversationId"));
        if (mayReadEvidenceOf(asked)) {
            return message;
        }
        String why = asked.isEmpty() ? MESSAGE_UNKNOWN : MESSAGE_EVIDENCE;
        ObjectNode copy = message.deepCopy();
        if (!carriesEvidence) {
            copy.put("text", "The text of this message was written by a language model that read the evidence, so it"
                    + " may quote it, and is withheld: " + why + "; its figures are in data.");
            copy.put("withheld", why);
            return copy;
        }
        ObjectNode hidden = JsonNodeFactory.instance.objectNode().put("status", "received")
                .put("citationCount", evidence.path("citations").size()).put("note", "withheld: " + why);
        ((ObjectNode) copy.get("data")).set("evidence", hidden);
        copy.put("text", "The text of this message quotes the evidence and is withheld: " + why + "; its figures are"
                + " in data.");
        copy.put("withheld", why);
        return copy;
    }

    /**
     * A violation as this reader may see it: its detail may quote the offending text (a model's text quoting the
     * evidence), so it is shown to those who may read the evidence of its conversation; otherwise the invented figures
     * stay and the rest of the detail is withheld.
     */
    private JsonNode violation(JsonNode violation) {
        if (!violation.isObject()) {
            return withheld(VIOLATION_UNKNOWN);
        }
        if (OWN_DETECTOR.equals(text(violation, "detectedBy"))) {
            return violation;
        }
        List<Item> asked = askedIn(text(violation, "conversationId"));
        if (mayReadEvidenceOf(asked)) {
            return violation;
        }
        String why = asked.isEmpty() ? VIOLATION_UNKNOWN : VIOLATION_EVIDENCE;
        String detail = text(violation, "detail");
        java.util.regex.Matcher figures = INVENTED_FIGURES.matcher(detail == null ? "" : detail);
        ObjectNode copy = violation.deepCopy();
        copy.put("detail", (figures.find() ? figures.group() + "; the model text" : "The detail of this violation")
                + " is withheld: " + why + ".");
        copy.put("withheld", why);
        return copy;
    }

    /** The audited questions of a conversation (none for none). */
    private List<Item> askedIn(String conversation) {
        return conversation == null ? List.of() : questions.stream()
                .filter(q -> conversation.equals(text(q.payload(), "conversationId"))).toList();
    }

    /** Whether the reader is in all the groups of every question asked (and there was one). */
    private boolean mayReadEvidenceOf(List<Item> asked) {
        return !asked.isEmpty() && asked.stream().allMatch(q -> allOf(groups(q.payload())).orElse(false));
    }

    private Optional<Boolean> anyOf(Optional<List<String>> groups) {
        return groups.map(g -> g.stream().anyMatch(reader.groups()::contains));
    }

    private Optional<Boolean> allOf(Optional<List<String>> groups) {
        return groups.map(g -> reader.groups().containsAll(g));
    }

    /** The payload's access groups; empty when it has none or they are not a list of names (then nobody is sure). */
    static Optional<List<String>> groups(JsonNode payload) {
        JsonNode groups = payload == null ? null : payload.get("groups");
        if (groups == null || !groups.isArray()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode g : groups) {
            if (!g.isTextual()) {
                return Optional.empty();
            }
            names.add(g.asText());
        }
        return Optional.of(names);
    }

    /** The payload that says it is withheld and why. */
    public static JsonNode withheld(String why) {
        return JsonNodeFactory.instance.objectNode().put("withheld", why);
    }

    static String text(JsonNode payload, String field) {
        JsonNode v = payload == null ? null : payload.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /** The latest payload per document among audited {@code ingestion.documents.v1} payloads in sequence order. */
    public static Map<String, JsonNode> latestByDocument(List<JsonNode> documentPayloadsInOrder) {
        Map<String, JsonNode> latest = new HashMap<>();
        for (JsonNode d : documentPayloadsInOrder) {
            String id = text(d, "documentId");
            if (id != null) {
                latest.put(id, d);
            }
        }
        return latest;
    }
}
