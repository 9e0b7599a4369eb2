package dev.compass.kit.events;

/**
 * A decoded CloudEvent from Kafka: its attributes and its payload as the contract's record.
 *
 * @param <T> the record type of the event
 */
public record IncomingEvent<T>(String id, String type, String source, String subject, String correlationId,
        String causationId, String topic, int partition, long offset, String key, T payload) {}
