package dev.compass.agent.api;

import dev.compass.agent.domain.Money;
import dev.compass.agent.messaging.FinanceAgent;
import dev.compass.agent.persistence.BudgetLineHistoryRow;
import dev.compass.agent.persistence.BudgetLineRow;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The budget ledger the finance agent keeps: import a plan, read lines with their history. */
@Path("/api/v1/budget/lines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BudgetResource {
    @Inject
    Caller caller;

    public record LineInput(@Size(max = 200) String lineId, @NotBlank @Size(max = 100) String brand,
            @NotBlank @Size(max = 100) String market, @NotBlank @Size(max = 100) String channel,
            @NotBlank @Size(max = 50) String period, @NotNull @PositiveOrZero Double amount,
            @PositiveOrZero Double committed, @PositiveOrZero Double minimum) {}

    public record Plan(@NotEmpty @Size(max = 5000) List<@Valid @NotNull LineInput> lines) {}

    public record HistoryView(String kind, String proposalId, Double previousAmount, double newAmount, double delta,
            String actor, Instant at) {}

    public record LineView(String lineId, String brand, String market, String channel, String period, double amount,
            double committed, double minimum, double releasable, Instant updatedAt, List<HistoryView> history) {}

    @PUT
    @Transactional
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Import a budget plan: lines are created or replaced by brand, market, channel and period")
    @APIResponse(responseCode = "200", description = "The lines of the plan as stored")
    @APIResponse(responseCode = "409",
            description = "A line id given belongs to another brand, market, channel or period")
    public List<LineView> importPlan(@Valid @NotNull Plan plan) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < plan.lines().size(); i++) {
            LineInput in = plan.lines().get(i);
            double committed = in.committed() == null ? 0 : in.committed();
            if (committed > in.amount()) {
                throw ApiException.invalid("lines[" + i + "].committed", "must not exceed the amount");
            }
            String key = in.brand() + "|" + in.market() + "|" + in.channel() + "|" + in.period();
            if (!seen.add(key)) {
                throw ApiException.invalid("lines[" + i + "]", "duplicate line " + key);
            }
        }
        String actor = caller.subject();
        List<String> ids = plan.lines().stream().map(in -> upsert(in, actor)).toList();
        return ids.stream().map(id -> view(BudgetLineRow.findById(id))).toList();
    }

    private static String upsert(LineInput in, String actor) {
        BudgetLineRow line = BudgetLineRow.find("brand = ?1 and market = ?2 and channel = ?3 and period = ?4",
                in.brand(), in.market(), in.channel(), in.period()).firstResult();
        Double previous = null;
        if (line == null) {
            String id = in.lineId() == null || in.lineId().isBlank()
                    ? FinanceAgent.lineId(in.brand(), in.market(), in.channel(), in.period()) : in.lineId();
            if (BudgetLineRow.findById(id) != null) {
                throw ApiException.conflict("line id " + id + " belongs to another brand, market, channel or period");
            }
            line = new BudgetLineRow();
            line.id = id;
            line.brand = in.brand();
            line.market = in.market();
            line.channel = in.channel();
            line.period = in.period();
        } else {
            previous = line.amount;
        }
        line.amount = Money.round(in.amount());
        line.committed = in.committed() == null ? 0 : Money.round(in.committed());
        line.minimum = in.minimum() == null ? 0 : Money.round(in.minimum());
        line.updatedAt = Instant.now();
        line.persist();
        BudgetLineHistoryRow h = new BudgetLineHistoryRow();
        h.lineId = line.id;
        h.kind = "IMPORT";
        h.previousAmount = previous;
        h.newAmount = line.amount;
        h.delta = Money.round(line.amount - (previous == null ? 0 : previous));
        h.actor = actor;
        h.at = Instant.now();
        h.persist();
        return line.id;
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Budget lines of a brand (and market), each with its history")
    public List<LineView> lines(@QueryParam("brand") String brand, @QueryParam("market") String market) {
        if (brand == null || brand.isBlank()) {
            throw ApiException.invalid("brand", "must not be blank");
        }
        List<BudgetLineRow> rows = market == null || market.isBlank()
                ? BudgetLineRow.list("brand = ?1 order by market, channel, period", brand)
                : BudgetLineRow.list("brand = ?1 and market = ?2 order by channel, period", brand, market);
        return rows.stream().map(BudgetResource::view).toList();
    }

    static LineView view(BudgetLineRow l) {
        List<HistoryView> history = BudgetLineHistoryRow.<BudgetLineHistoryRow>list("lineId = ?1 order by seq", l.id)
                .stream().map(h -> new HistoryView(h.kind, h.proposalId, h.previousAmount, h.newAmount, h.delta,
                        h.actor, h.at)).toList();
        return new LineView(l.id, l.brand, l.market, l.channel, l.period, l.amount, l.committed, l.minimum,
                l.releasable(), l.updatedAt, history);
    }
}
