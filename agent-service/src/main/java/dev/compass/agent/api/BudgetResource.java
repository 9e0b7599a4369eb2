package dev.compass.agent.api;

import dev.compass.agent.domain.Cents;
import dev.compass.agent.domain.Money;
import dev.compass.agent.messaging.FinanceAgent;
import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.persistence.BudgetCurrency;
import dev.compass.agent.persistence.BudgetLineHistoryRow;
import dev.compass.agent.persistence.BudgetLineRow;
import dev.compass.contracts.BrandAndMarket;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.problem.Problem;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.persistence.PersistenceException;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The budget ledger the finance agent keeps: import a plan, read lines with their history. */
@Path("/api/v1/budget/lines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BudgetResource {
    @Inject
    Caller caller;
    @Inject
    AgentConfig config;

    /** The largest amount a line takes: money is kept to the cent, which a double holds exactly only so far. */
    static final String MAX_AMOUNT = "1000000000000";
    static final String MAX_AMOUNT_MESSAGE = "must be at most 1,000,000,000,000";

    public record LineInput(@Size(max = 200) String lineId,
            @NotBlank @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String brand,
            @NotBlank @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String market,
            @NotBlank @Size(max = 100) String channel,
            @NotBlank @Size(max = 50) String period,
            @Schema(description = "ISO 4217 code of the amounts (EUR, GBP...): the budget of a brand and market has one"
                    + " currency, which does not change once its first lines are imported; omitted: the budget's"
                    + " currency, or for a new budget the service's default (AGENT_BUDGET_CURRENCY)")
            @Size(max = 3) String currency,
            @Schema(description = "In the budget's currency, at most 2 decimals (cents)")
            @NotNull @PositiveOrZero @DecimalMax(value = MAX_AMOUNT, message = MAX_AMOUNT_MESSAGE) @Cents
            BigDecimal amount,
            @Schema(description = "The part of the amount already committed, which never moves; omitted: the"
                    + " line's current committed part (0 for a new line). At most 2 decimals (cents)")
            @PositiveOrZero @DecimalMax(value = MAX_AMOUNT, message = MAX_AMOUNT_MESSAGE) @Cents BigDecimal committed,
            @Schema(description = "The amount the line keeps at least; omitted: the line's current minimum (0 for a"
                    + " new line). At most 2 decimals (cents)")
            @PositiveOrZero @DecimalMax(value = MAX_AMOUNT, message = MAX_AMOUNT_MESSAGE) @Cents BigDecimal minimum) {}

    public record Plan(@NotEmpty @Size(max = 5000) List<@Valid @NotNull LineInput> lines) {}

    public record HistoryView(String kind, String proposalId, Double previousAmount, double newAmount, double delta,
            @Schema(description = "An import's committed part before it (null when it created the line, and on a"
                    + " reallocation, which changes neither committed part nor minimum)") Double previousCommitted,
            @Schema(description = "An import's committed part after it (null on a reallocation)") Double newCommitted,
            @Schema(description = "An import's minimum before it (null when it created the line, and on a"
                    + " reallocation)") Double previousMinimum,
            @Schema(description = "An import's minimum after it (null on a reallocation)") Double newMinimum,
            String actor, Instant at) {}

    public record LineView(String lineId, String brand, String market, String channel, String period,
            @Schema(description = "ISO 4217 code of the line's amounts, the currency of its brand and market's budget")
            String currency,
            double amount,
            double committed, double minimum, double releasable, Instant updatedAt, List<HistoryView> history) {}

    /** A line of the plan, its position and the id it is locked by (the same order as the finance agent's). */
    private record Work(int index, LineInput in, String lockOrder) {}

    @PUT
    @Transactional
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Import a budget plan: lines are created or replaced by brand, market, channel and period",
            description = "Brand, market, channel and period name a line regardless of case (a line keeps the spelling"
                    + " it was created with). A line without a lineId gets a generated one; a lineId given must be"
                    + " the line's own. Concurrent imports of the same line are applied one after the other: each"
                    + " change in a line's history starts from the amount the previous one left. committed and"
                    + " minimum are optional: one omitted keeps the line's current value (0 for a new line), so a"
                    + " plan that corrects amounts only leaves them as they are; send 0 to clear one. Each, given or"
                    + " kept, must not exceed the line's amount (a 400 naming the field). Every import is recorded in"
                    + " the line's history with the amount, committed part and minimum before and after it. The lines"
                    + " of a brand and market share one currency (ISO 4217), recorded with its first lines: a line in"
                    + " another, or lines of one brand and market in two, are refused (nothing is converted).")
    @APIResponse(responseCode = "200", description = "The lines of the plan as stored")
    @APIResponse(responseCode = "422", description = "A line's currency is not the currency of its brand and market's"
            + " budget (nothing of the plan was imported)")
    @APIResponse(responseCode = "409", description = "A lineId given is another line's, or the line of that brand,"
            + " market, channel and period has another id; or a concurrent change of the same lines got in the way"
            + " (nothing of the plan was imported: send it again)")
    public List<LineView> importPlan(@Valid @NotNull Plan plan) {
        Set<String> keys = new HashSet<>();
        Map<String, Integer> givenIds = new HashMap<>();
        List<Work> work = new ArrayList<>();
        for (int i = 0; i < plan.lines().size(); i++) {
            LineInput in = plan.lines().get(i);
            double amount = cents(in.amount());
            if (in.committed() != null && cents(in.committed()) > amount) {
                throw ApiException.invalid("lines[" + i + "].committed", "must not exceed the amount");
            }
            if (in.minimum() != null && cents(in.minimum()) > amount) {
                throw ApiException.invalid("lines[" + i + "].minimum", "must not exceed the amount");
            }
            String key = in.brand() + "|" + in.market() + "|" + in.channel() + "|" + in.period();
            if (!keys.add(key.toLowerCase(Locale.ROOT))) {
                throw ApiException.invalid("lines[" + i + "]", "duplicate line " + key
                        + " (brand, market, channel and period are compared regardless of case)");
            }
            String given = givenId(in);
            if (given != null && givenIds.putIfAbsent(given, i) != null) {
                throw ApiException.invalid("lines[" + i + "].lineId", "the id of lines[" + givenIds.get(given) + "]");
            }
            if (in.currency() != null && !BudgetCurrency.valid(in.currency())) {
                throw ApiException.invalid("lines[" + i + "].currency", "not an ISO 4217 currency code of three"
                        + " capital letters (EUR, GBP, CHF...): " + in.currency());
            }
            String existing = BudgetLineRow.idOf(in.brand(), in.market(), in.channel(), in.period()).orElse(null);
            work.add(new Work(i, in, existing != null ? existing : given != null ? given : generatedId(in)));
        }
        currencies(plan.lines());
        // lines are locked in the order of their ids, as the finance agent locks them: no two imports, nor an import
        // and an applied proposal, wait for each other in a circle
        work.sort(Comparator.comparing(Work::lockOrder));
        String actor = caller.subject();
        String[] ids = new String[work.size()];
        try {
            for (Work w : work) {
                ids[w.index()] = upsert(w.index(), w.in(), actor);
            }
            BudgetLineRow.flush();
        } catch (PersistenceException e) {
            if (concurrentChange(e)) {
                throw ApiException.conflict("a concurrent change of the same budget lines got in the way; nothing of"
                        + " the plan was imported: send it again");
            }
            throw e;
        }
        return views(Arrays.stream(ids).map(id -> BudgetLineRow.<BudgetLineRow>findById(id)).toList());
    }

    /**
     * Checks and records the currency of each brand and market of the plan: the currencies its lines name agree with
     * each other (a 400) and with the budget's recorded one (a 422), which a new budget takes from its lines or the
     * default. Brands and markets are recorded in a stable order, so that two imports never wait for each other in a
     * circle.
     */
    private void currencies(List<LineInput> lines) {
        Map<String, Integer> firstNamed = new HashMap<>();
        Map<String, Integer> budgets = new java.util.TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            LineInput in = lines.get(i);
            String key = in.brand().toLowerCase(Locale.ROOT) + "|" + in.market().toLowerCase(Locale.ROOT);
            budgets.putIfAbsent(key, i);
            if (in.currency() == null) {
                continue;
            }
            Integer first = firstNamed.putIfAbsent(key, i);
            if (first != null && !lines.get(first).currency().equals(in.currency())) {
                throw ApiException.invalid("lines[" + i + "].currency", "the lines of " + in.brand() + " in "
                        + in.market() + " share one currency, and lines[" + first + "] is in "
                        + lines.get(first).currency() + ", not " + in.currency());
            }
        }
        for (Map.Entry<String, Integer> budget : budgets.entrySet()) {
            Integer named = firstNamed.get(budget.getKey());
            LineInput in = lines.get(named != null ? named : budget.getValue());
            String wanted = named != null ? in.currency() : null;
            String recorded = BudgetCurrency.claim(in.brand(), in.market(), wanted, config.budgetCurrency());
            if (wanted != null && !wanted.equals(recorded)) {
                throw new ApiException(422, "Unprocessable Content", "lines[" + named + "].currency: the budget of "
                        + in.brand() + " in " + in.market() + " is in " + recorded + ", so its lines cannot be in "
                        + wanted + " (a budget's currency does not change: nothing is converted)",
                        List.of(new Problem.FieldError("lines[" + named + "].currency", "the budget of " + in.brand()
                                + " in " + in.market() + " is in " + recorded + ", not " + wanted)));
            }
        }
    }

    /**
     * Creates or replaces one line, locked until the transaction ends: a concurrent import of the same line waits,
     * then starts from the amount this one leaves.
     */
    private static String upsert(int index, LineInput in, String actor) {
        String given = givenId(in);
        // a generated id another line already has (brands "A B" and "a-b") gets a suffix: a client that sends no id
        // never hears of one
        BudgetLineRow.Locked locked = BudgetLineRow.lockOrCreate(given != null ? given : generatedId(in), in.brand(),
                in.market(), in.channel(), in.period(), given == null);
        if (locked == null) {
            throw ApiException.conflict("lines[" + index + "].lineId: line id " + given
                    + " belongs to another brand, market, channel or period");
        }
        BudgetLineRow line = locked.line();
        if (given != null && !given.equals(line.id)) {
            throw ApiException.conflict("lines[" + index + "].lineId: the line of " + line.brand + ", " + line.market
                    + ", " + line.channel + ", " + line.period + " is " + line.id + ", not " + given);
        }
        Double previous = locked.created() ? null : line.amount;
        Double previousCommitted = locked.created() ? null : line.committed;
        Double previousMinimum = locked.created() ? null : line.minimum;
        double amount = cents(in.amount());
        // an omitted committed part or minimum is the line's own (zero on a new line, created with zero amounts),
        // checked against the new amount like one given
        double committed = in.committed() != null ? cents(in.committed()) : line.committed;
        double minimum = in.minimum() != null ? cents(in.minimum()) : line.minimum;
        if (committed > amount) {
            throw ApiException.invalid("lines[" + index + "].committed", "the line's committed part, "
                    + Money.format(committed) + ", would exceed the amount: send a committed part too");
        }
        if (minimum > amount) {
            throw ApiException.invalid("lines[" + index + "].minimum", "the line's minimum, "
                    + Money.format(minimum) + ", would exceed the amount: send a minimum too");
        }
        line.amount = amount;
        line.committed = committed;
        line.minimum = minimum;
        line.updatedAt = Instant.now();
        BudgetLineHistoryRow h = new BudgetLineHistoryRow();
        h.lineId = line.id;
        h.kind = "IMPORT";
        h.previousAmount = previous;
        h.previousCommitted = previousCommitted;
        h.newCommitted = committed;
        h.previousMinimum = previousMinimum;
        h.newMinimum = minimum;
        h.newAmount = line.amount;
        h.delta = Money.round(line.amount - (previous == null ? 0 : previous));
        h.actor = actor;
        h.at = Instant.now();
        h.persist();
        return line.id;
    }

    private static String givenId(LineInput in) {
        return in.lineId() == null || in.lineId().isBlank() ? null : in.lineId();
    }

    private static String generatedId(LineInput in) {
        return FinanceAgent.lineId(in.brand(), in.market(), in.channel(), in.period());
    }

    /** An amount, validated to have at most two decimals ({@link Cents}); none is zero. */
    private static double cents(BigDecimal value) {
        return value == null ? 0 : value.doubleValue();
    }

    /** A deadlock, a serialisation failure or a lock not granted: the plan may succeed when sent again. */
    private static boolean concurrentChange(Throwable e) {
        for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException sql && Set.of("40P01", "40001", "55P03").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Budget lines of a brand (and market), each with its history",
            description = "Brand and market are compared regardless of case.")
    public List<LineView> lines(@QueryParam("brand") String brand, @QueryParam("market") String market) {
        if (brand == null || brand.isBlank()) {
            throw ApiException.invalid("brand", "must not be blank");
        }
        List<BudgetLineRow> rows = market == null || market.isBlank()
                ? BudgetLineRow.list("lower(brand) = lower(?1) order by market, channel, period", brand)
                : BudgetLineRow.list("lower(brand) = lower(?1) and lower(market) = lower(?2) order by channel, period",
                        brand, market);
        return views(rows);
    }

    /** The lines with their history and currency, which is looked up once per brand and market. */
    private List<LineView> views(List<BudgetLineRow> rows) {
        Map<String, String> currencies = new HashMap<>();
        return rows.stream().map(l -> view(l, currencies.computeIfAbsent(l.brand.toLowerCase(Locale.ROOT) + "|"
                + l.market.toLowerCase(Locale.ROOT), k -> BudgetCurrency.of(l.brand, l.market,
                config.budgetCurrency())))).toList();
    }

    private static LineView view(BudgetLineRow l, String currency) {
        List<HistoryView> history = BudgetLineHistoryRow.<BudgetLineHistoryRow>list("lineId = ?1 order by seq", l.id)
                .stream().map(h -> new HistoryView(h.kind, h.proposalId, h.previousAmount, h.newAmount, h.delta,
                        h.previousCommitted, h.newCommitted, h.previousMinimum, h.newMinimum, h.actor, h.at)).toList();
        return new LineView(l.id, l.brand, l.market, l.channel, l.period, currency, l.amount, l.committed, l.minimum,
                l.releasable(), l.updatedAt, history);
    }
}
