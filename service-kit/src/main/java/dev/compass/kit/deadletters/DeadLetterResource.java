package dev.compass.kit.deadletters;

import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operations' view of this service's dead-letter topics (poison messages its consumers set aside), and their re-drive
 * to the topic they came from once the cause is mended.
 */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPS, Roles.ADMIN})
public class DeadLetterResource {
    @Inject
    DeadLetterRedrive redrive;

    /** One dead-letter topic with the records waiting to be re-driven (the first {@code limit}). */
    public record TopicView(String topic, String sourceTopic, long held, long pending, long redriven,
            List<DeadLetterRedrive.Entry> waiting) {}

    @GET
    @Operation(summary = "This service's dead-letter topics: records held (kept 30 days), waiting to be re-driven, and"
            + " re-driven so far")
    @APIResponse(responseCode = "200", description = "One entry per dead-letter topic of this service",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
            implementation = DeadLetterRedrive.Summary.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not answer in time")
    public List<DeadLetterRedrive.Summary> list() {
        return kafka(redrive::summaries);
    }

    @GET
    @Path("/{topic}")
    @Operation(summary = "One dead-letter topic: its counts and the first records waiting to be re-driven, each with why"
            + " it was set aside (reason, exception, cause), where it came from, its event id and type, and the start of"
            + " its value")
    @APIResponse(responseCode = "200", description = "The topic and its first waiting records", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopicView.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not answer in time")
    public TopicView get(@PathParam("topic") String topic,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        requireOurs(topic);
        return kafka(() -> {
            DeadLetterRedrive.Waiting w = redrive.waiting(topic, limit);
            DeadLetterRedrive.Summary s = w.summary();
            return new TopicView(s.topic(), s.sourceTopic(), s.held(), s.pending(), s.redriven(), w.entries());
        });
    }

    @POST
    @Path("/{topic}/redrives")
    @Operation(summary = "Re-drive waiting records to the topic they came from (after their cause is mended): key,"
            + " value and original headers, plus redriven-from. Safe for every consumer of that topic, which applies an"
            + " event id once; progress is committed only after the broker acknowledged the copies. No body; limit"
            + " (default 100, at most 1,000) bounds the records re-driven")
    @APIResponse(responseCode = "200", description = "Records re-driven, records skipped because they name no topic"
            + " this dead-letter topic may feed, and records still waiting", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeadLetterRedrive.Outcome.class)))
    @APIResponse(responseCode = "409", description = "The audit trail's dead-letter topic, which is not re-driven"
            + " (its records came from topics every service reads)")
    @APIResponse(responseCode = "503", description = "Kafka did not answer in time, or refused a copy (what was"
            + " acknowledged before it counts as re-driven)")
    public DeadLetterRedrive.Outcome redrive(@PathParam("topic") String topic,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit, @Context HttpHeaders headers) {
        ApiException.requireNoBody(headers, "a re-drive");
        requireOurs(topic);
        if (topic.equals(dev.compass.contracts.Topics.AUDIT_DEAD_LETTER)) {
            // its records came from topics every service reads: a copy back would reach all their consumers again,
            // and each would set a poison record aside once more
            throw ApiException.conflict("the audit trail's dead letters are not re-driven: they are records of topics"
                    + " that every consuming service reads, so a copy would be delivered to all of them again (and"
                    + " set aside again where it is poison). Inspect them with GET; an event that should be on the"
                    + " record is published again, corrected, by the service that produces it");
        }
        return kafka(() -> redrive.redrive(topic, limit));
    }

    private void requireOurs(String topic) {
        if (!redrive.isOurs(topic)) {
            throw new ApiException(404, "Not Found", "dead-letter topic " + topic + " is not one of "
                    + redrive.service() + "'s: " + String.join(", ", redrive.topics()));
        }
    }

    private static <T> T kafka(Supplier<T> call) {
        try {
            return call.get();
        } catch (KafkaException | IllegalStateException e) {
            throw new ApiException(503, "Service Unavailable", "Kafka: " + e.getMessage());
        }
    }
}
