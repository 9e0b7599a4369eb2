package dev.compass.insight.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AnswerEvent;
import dev.compass.contracts.events.Citation;
import dev.compass.contracts.events.QuestionEvent;
import dev.compass.insight.api.Filters;
import dev.compass.insight.domain.AnswerResult;
import dev.compass.insight.domain.Answers;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Evidence for agents: answers {@code insight.questions.v1} on {@code insight.answers.v1} with the same logic as
 * {@code POST /api/v1/answers}, restricted to the question's groups. The answer's causation id is the question's
 * event id; the correlation id is carried over. Answered once per question event.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class QuestionConsumer {
    static final String CONSUMER = "insight-questions";

    @Inject
    Answers answers;
    @Inject
    ProcessedEvents processed;
    @Inject
    EventPublisher events;

    @Incoming("questions")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<QuestionEvent> event = EventDecoder.decode(record, EventType.QUESTION, QuestionEvent.class);
        QuestionEvent q = event.payload();
        if (q.conversationId() == null || q.question() == null) {
            throw new PoisonMessageException("question " + event.id() + " has no conversation id or question");
        }
        AnswerResult a;
        try {
            a = answers.answer(q.question(), Filters.fromMap(q.filters()),
                    q.groups() == null ? List.of() : q.groups(), Answers.Origin.CONSUMER);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("question " + event.id() + " is invalid: " + e.getMessage(), e);
        }
        String correlationId = event.correlationId() != null ? event.correlationId()
                : q.correlationId() != null ? q.correlationId() : event.id();
        List<Citation> citations = a.citations().stream().map(c -> new Citation(c.documentId(), c.chunkId(),
                c.title(), c.page(), c.quote(), c.quality())).toList();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return;
            }
            events.publish(EventType.ANSWER, q.conversationId(), q.questionId(), new AnswerEvent(
                    UUID.randomUUID().toString(), q.questionId() == null ? event.id() : q.questionId(),
                    q.conversationId(), a.answer(), citations, a.confidence(), a.grounded(), a.mode(), correlationId,
                    event.id(), Instant.now()), correlationId, event.id());
        });
    }
}
