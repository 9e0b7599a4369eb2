package dev.compass.kit.events;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Dead-lettering by hand, for consumers in batch mode (where the connector's dead-letter strategy would take the
 * whole batch): the original key, value and headers, plus where the record came from and why it was set aside, in
 * the same headers the connector's strategy writes.
 */
public final class DeadLetters {
    private DeadLetters() {}

    /** Sends {@code record} to the emitter's dead-letter topic; completes when the broker has acknowledged it. */
    public static CompletableFuture<Void> send(Emitter<byte[]> deadLetter, ConsumerRecord<String, byte[]> record,
            String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> done = new CompletableFuture<>();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        deadLetter.send(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
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
}
