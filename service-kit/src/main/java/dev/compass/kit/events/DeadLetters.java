package dev.compass.kit.events;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Dead-lettering by hand, for consumers in batch mode (where the connector's dead-letter strategy would take the
 * whole batch): the original key, value (a null value stays null: a tombstone stays a tombstone) and headers, plus
 * the headers SmallRye's connector strategy ({@code KafkaDeadLetterQueue}, 4.33) writes: {@value #EXCEPTION_CLASS_NAME},
 * {@value #REASON}, {@value #CAUSE_CLASS_NAME} and {@value #CAUSE} (when the failure has a cause), {@value #TOPIC},
 * {@value #PARTITION} and {@value #OFFSET}. Reasons are cut to {@value #MAX_TEXT} characters, so that a huge exception
 * message cannot make the dead-letter copy larger than the broker accepts.
 */
public final class DeadLetters {
    private DeadLetters() {}

    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** The longest reason or cause written, in characters. */
    public static final int MAX_TEXT = 1000;

    /**
     * Sends {@code record} to the emitter's dead-letter topic with {@code failure} as the reason (its message, or its
     * {@code toString()} when it has none, as the connector does); completes when the broker has acknowledged it.
     */
    public static CompletableFuture<Void> send(Emitter<byte[]> deadLetter, ConsumerRecord<String, byte[]> record,
            Throwable failure) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().equals("deserialization-failure-dlq")) { // the connector drops its internal marker too
                headers.add(h); // first: lastHeader(name) finds this dead-lettering's headers, not an earlier one's
            }
        }
        add(headers, EXCEPTION_CLASS_NAME, failure.getClass().getName());
        add(headers, REASON, bounded(message(failure)));
        Throwable cause = failure.getCause();
        if (cause != null) {
            add(headers, CAUSE_CLASS_NAME, cause.getClass().getName());
            add(headers, CAUSE, bounded(message(cause)));
        }
        add(headers, TOPIC, record.topic());
        add(headers, PARTITION, Integer.toString(record.partition()));
        add(headers, OFFSET, Long.toString(record.offset()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        Message<byte[]> message = Message.of(record.value()); // null stays null: a tombstone is copied as one
        deadLetter.send(message.addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build())
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                }).withNack(t -> {
                    done.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }

    /** A reason cut to {@value #MAX_TEXT} characters (never splitting a surrogate pair). */
    public static String bounded(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        int end = MAX_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
