package dev.compass.insight.api;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.UsageEvent;
import dev.compass.insight.domain.AnswerResult;
import dev.compass.insight.domain.Answers;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.observability.Correlation;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Grounded answers with citations, from the documents the caller's groups may see. */
@Path("/api/v1/answers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AnswerResource {
    @Inject
    Answers answers;
    @Inject
    Caller caller;
    @Inject
    EventPublisher events;

    public record Question(@NotBlank @Size(max = 2000) String question, @Valid Filters filters) {}

    @POST
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Answer a question from the indexed documents, citing exact quotes; says so when the"
            + " evidence is too weak")
    @APIResponse(responseCode = "200",
            description = "A grounded answer with citations, or none when the sources do not support one")
    @APIResponse(responseCode = "503",
            description = "Too many searches and answers are waiting (INSIGHT_SEARCH_QUEUE_TIMEOUT): retry later")
    public AnswerResult ask(@Valid @NotNull Question q) {
        AnswerResult result = answers.answer(q.question(), Filters.of(q.filters()), caller.groups(),
                Answers.Origin.REQUEST);
        String correlationId = Correlation.current();
        String user = caller.subject();
        List<String> roles = caller.roles().stream().sorted().toList();
        QuarkusTransaction.requiringNew().run(() -> events.publish(EventType.USAGE, user, user,
                new UsageEvent(UUID.randomUUID().toString(), user, roles, "ANSWER_ASKED", "insight-service",
                        correlationId, Instant.now()), correlationId, null));
        return result;
    }
}
