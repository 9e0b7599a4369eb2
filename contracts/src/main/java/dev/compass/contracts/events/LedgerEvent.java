package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code budget.ledger.v1}, key lineId: a move applied to one budget line (applied exactly once per proposal); currency
 * is the ISO 4217 code of the line's amounts (absent from agents that predate it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEvent(String entryId, String lineId, String proposalId, String brand, String market,
        String channel, String period, String currency, double previousAmount, double newAmount, double delta,
        String correlationId, String causationId, Instant occurredAt) {}
