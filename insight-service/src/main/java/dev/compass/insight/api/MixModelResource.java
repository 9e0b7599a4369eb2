package dev.compass.insight.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.compass.contracts.BrandAndMarket;
import dev.compass.insight.domain.MixModelEventMapper;
import dev.compass.insight.domain.MixModels;
import dev.compass.insight.persistence.IdempotencyKeys;
import dev.compass.insight.persistence.MixModelStore;
import dev.compass.kit.observability.Correlation;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import dev.compass.mixmodel.BudgetOptimizer;
import dev.compass.mixmodel.ChannelResult;
import dev.compass.mixmodel.FittedModel;
import dev.compass.mixmodel.InfeasibleOptimisationException;
import dev.compass.mixmodel.LiftTest;
import dev.compass.mixmodel.OptimisationMode;
import dev.compass.mixmodel.OptimisationRequest;
import dev.compass.mixmodel.OptimisationResult;
import dev.compass.mixmodel.ResponseCurves;
import dev.compass.mixmodel.SpendBounds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Marketing-mix models: fit, read, response curves, budget optimisation and lift-test calibration. */
@Path("/api/v1/mix-models")
@Produces(MediaType.APPLICATION_JSON)
public class MixModelResource {
    @Inject
    MixModels models;
    @Inject
    MixModelStore store;
    @Inject
    Caller caller;
    @Inject
    IdempotencyKeys keys;

    static final String IDEMPOTENCY_KEY = "Optional; 1 to 255 printable ASCII characters without spaces, e.g. a UUID."
            + " A request sent again by the same caller with the same key within 24 h answers the model the first one"
            + " made (201, header Idempotent-Replayed: true) instead of fitting a second version; the same key with"
            + " another request is a 422, and while the first is still fitting a 409";

    private final BudgetOptimizer optimizer = new BudgetOptimizer();

    public record DatasetRef(@NotBlank @Size(max = 200) String datasetId) {}

    public record FitView(Double r2, Double mape, Double holdoutMape, int holdoutWeeks) {}

    public record ChannelView(String channel, double spend, double weeklySpend, double contribution,
            Double contributionLow, Double contributionHigh, double contributionShare, double roi, Double roiLow,
            Double roiHigh, double mroi, double adstockDecay, Map<String, Object> saturation,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Map<String, Object>> curveDraws) {}

    public record ModelView(String id, String brand, String market, String kpi, int version, String datasetId,
            String calibratedFrom, int weeks, FitView fit, double baselineShare, double intervalLevel,
            List<ChannelView> channels, Map<String, Double> controlEffects, List<String> warnings, Object lineage,
            String createdBy, Instant createdAt) {}

    public record ModelSummary(String id, String brand, String market, String kpi, int version, String datasetId,
            String calibratedFrom, Double r2, Instant createdAt) {}

    /** {@code marginalRoi} is null where the slope is not finite: at zero spend on a curve with Hill shape below 1. */
    public record PointView(double weeklySpend, double weeklyResponse, Double low, Double high, Double marginalRoi) {}

    public record CurveView(String channel, double currentWeeklySpend, List<PointView> points) {}

    public record CurvesView(String modelId, String kpi, Double intervalLevel, List<CurveView> curves) {}

    /**
     * A channel's weekly spend bounds, each at most 10^15 as a weekly budget; a missing {@code min} is 0, a missing
     * {@code max} is unbounded.
     */
    public record Bound(@PositiveOrZero @DecimalMax("1e15") Double min,
            @PositiveOrZero @DecimalMax("1e15") Double max) {}

    /** {@code weeklyBudget} at most 10^15 a week: beyond any budget, and far from where the numbers overflow. */
    public record OptimisationBody(@Positive @DecimalMax("1e15") Double weeklyBudget, OptimisationMode mode,
            Map<String, @Valid Bound> bounds, @Positive Double targetMroi) {}

    public record IntervalView(double level, double projectedLow, double projectedHigh, double upliftPercentLow,
            double upliftPercentHigh) {}

    public record OptimisationView(String modelId, String mode, Map<String, Double> currentAllocation,
            Map<String, Double> allocation, double currentWeeklyResponse, double projectedWeeklyResponse,
            double upliftPercent, Map<String, Double> marginalRoi, IntervalView interval, SafeguardView safeguard) {}

    /**
     * Present when the uncertainty safeguard shortened the move from today's allocation: the share of the move kept
     * (0: today's allocation, scaled to the budget) and why. Marginal ROIs are then not equal across channels.
     */
    public record SafeguardView(double moveShare, String reason) {}

    /** {@code incrementalKpi} and {@code standardError} at most 10^15 in magnitude, as weekly budgets. */
    public record LiftBody(@NotBlank @Size(max = 200) String channel, @NotNull LocalDate start,
            @NotNull LocalDate end, @NotNull @DecimalMin("-1e15") @DecimalMax("1e15") Double incrementalKpi,
            @NotNull @Positive @DecimalMax("1e15") Double standardError) {}

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Fit a mix model from a weekly CSV: every numeric column other than the date, KPI, controls"
            + " and ignored columns is a channel's spend")
    @APIResponse(responseCode = "201", description = "The fitted model", headers = @Header(name = "Location",
            description = "the model", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "409",
            description = "A request with the same Idempotency-Key is still being processed: send it again later")
    @APIResponse(responseCode = "422", description = "The data cannot be modelled: the problem says why, or its Idempotency-Key came with another request")
    @APIResponse(responseCode = "503",
            description = "Too many model fits are running (INSIGHT_MIX_MAX_CONCURRENT_FITS): retry later")
    public Response fitCsv(@QueryParam("brand") @NotBlank
            @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String brand,
            @QueryParam("market") @NotBlank
            @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String market,
            @QueryParam("kpi") @DefaultValue("revenue") @NotBlank @Size(max = 100) String kpi,
            @QueryParam("dateColumn") @DefaultValue("date") @NotBlank @Size(max = 100) String dateColumn,
            @QueryParam("controls") @Size(max = 2000) String controls,
            @QueryParam("ignore") @Size(max = 2000) String ignore,
            @HeaderParam(IdempotencyKeys.HEADER) @Parameter(description = IDEMPOTENCY_KEY) String idempotencyKey,
            @NotBlank(message = "the CSV body is empty") String csv) {
        oneRolePerColumn(kpi, dateColumn, list(controls), list(ignore));
        String request = String.join("\n", "csv", brand, market, kpi, dateColumn, String.valueOf(list(controls)),
                String.valueOf(list(ignore)), csv);
        return created(keys.once(caller.subject(), idempotencyKey, request, () -> models.fitUpload(csv, brand, market,
                kpi, dateColumn, list(controls), list(ignore), caller.subject(), Correlation.current()).modelId()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Fit a mix model from an ingested data set")
    @APIResponse(responseCode = "201", description = "The fitted model", headers = @Header(name = "Location",
            description = "the model", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "404", description = "No data set with that id")
    @APIResponse(responseCode = "409",
            description = "A request with the same Idempotency-Key is still being processed: send it again later")
    @APIResponse(responseCode = "422", description = "The data set cannot be modelled: the problem says why, or its Idempotency-Key came with another request")
    @APIResponse(responseCode = "503",
            description = "Too many model fits are running (INSIGHT_MIX_MAX_CONCURRENT_FITS): retry later")
    public Response fitDataset(
            @HeaderParam(IdempotencyKeys.HEADER) @Parameter(description = IDEMPOTENCY_KEY) String idempotencyKey,
            @Valid @NotNull DatasetRef ref) {
        return created(keys.once(caller.subject(), idempotencyKey, "dataset\n" + ref.datasetId(),
                () -> models.fitStoredDataset(ref.datasetId(), caller.subject(), Correlation.current(), null)
                        .modelId()));
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Model versions, newest first, optionally of one brand and market; a page of at most limit,"
            + " with a Link rel=\"next\" header when more follow")
    @APIResponse(responseCode = "200", description = "A page of model versions", headers = @Header(name = "Link",
            description = Keyset.LINK_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = ModelSummary.class)))
    public RestResponse<List<ModelSummary>> list(@QueryParam("brand") @Size(max = 100) String brand,
            @QueryParam("market") @Size(max = 100) String market,
            @QueryParam("limit") @DefaultValue(Keyset.DEFAULT_LIMIT) @Min(1) @Max(Keyset.MAX_LIMIT) int limit,
            @QueryParam("cursor") @Size(max = 200) String cursor, @Context UriInfo uri) {
        return Keyset.page(store.list(blank(brand), blank(market), Keyset.parse(cursor), limit + 1), limit,
                r -> new Keyset(r.createdAt(), r.modelId()), r -> new ModelSummary(r.modelId(), r.brand(),
                        r.market(), r.kpi(), r.version(), r.datasetId(), r.parentId(),
                        r.r2() == null ? null : n(r.r2()), r.createdAt()), uri);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A fitted model: fit, baseline, per-channel contribution, ROI with interval, marginal ROI,"
            + " adstock and saturation, warnings and lineage", description = "Contributions and ROIs are posterior means"
            + " with central credible intervals (intervalLevel); the marginal ROI is that of the expected"
            + " (posterior-mean) steady-state response at today's weekly spend. Adstock and saturation are the best"
            + " fit's; with draws=true each channel also lists its curve in every stored posterior draw (curveDraws, as"
            + " on insight.mix-models.v1), whose mean is the expected response.")
    public ModelView get(@PathParam("id") String id, @QueryParam("draws") boolean draws) {
        return view(find(id), draws);
    }

    @GET
    @Path("/{id}/response-curves")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Per channel: steady-state weekly contribution for a constant weekly spend, with intervals",
            description = "weeklyResponse and marginalRoi are those of the expected (posterior-mean) response; low and"
            + " high are quantiles over the posterior draws at the model's intervalLevel. marginalRoi is null where the"
            + " slope is not finite (at zero spend on a curve whose Hill shape is below 1).")
    public CurvesView curves(@PathParam("id") String id) {
        FittedModel m = find(id).model();
        return new CurvesView(m.id(), m.kpi(), m.intervalLevel(), ResponseCurves.all(m, 20, 2.0).stream()
                .map(c -> new CurveView(c.channel(), c.currentWeeklySpend(), c.points().stream()
                        .map(p -> new PointView(p.weeklySpend(), p.weeklyResponse(), n(p.low()), n(p.high()),
                                n(p.marginalRoi()))).toList())).toList());
    }

    @POST
    @Path("/{id}/optimizations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.FINANCE_APPROVER, Roles.ADMIN})
    @Operation(summary = "Optimise the weekly budget across channels (FIXED_BUDGET, INCREMENTAL or TARGET_MROI);"
            + " 422 when the request cannot be satisfied", description = "Steady-state weekly spend and response."
            + " FIXED_BUDGET and INCREMENTAL maximise the expected response over the model's posterior draws, then move"
            + " from today's allocation (scaled to the budget) toward that optimum only as far as the move gains under"
            + " 95% of the draws: a move the model is unsure of is shortened, or not made (uplift 0). TARGET_MROI"
            + " spends each channel up to the target marginal ROI of its expected response. Responses, uplift and"
            + " marginal ROIs are those of the expected (posterior-mean) response; the interval comes from the draws."
            + " Bounds and budget hold exactly; a channel's missing min is 0 and its missing max is unbounded.")
    @APIResponse(responseCode = "200", description = "The optimised allocation under the expected response")
    @APIResponse(responseCode = "422",
            description = "The request cannot be met (e.g. bounds that the budget cannot satisfy): the problem says"
                    + " why")
    public OptimisationView optimise(@PathParam("id") String id, @Valid @NotNull OptimisationBody body) {
        FittedModel m = find(id).model();
        OptimisationMode mode = body.mode() == null ? OptimisationMode.FIXED_BUDGET : body.mode();
        if (mode == OptimisationMode.TARGET_MROI && body.targetMroi() == null) {
            throw ApiException.invalid("targetMroi", "is required for TARGET_MROI");
        }
        if (mode == OptimisationMode.INCREMENTAL && body.weeklyBudget() == null) {
            throw ApiException.invalid("weeklyBudget", "is required for INCREMENTAL (the new weekly total)");
        }
        Map<String, SpendBounds> bounds = new LinkedHashMap<>();
        if (body.bounds() != null) {
            for (var e : body.bounds().entrySet()) {
                if (m.channels().stream().noneMatch(c -> c.channel().equals(e.getKey()))) {
                    throw ApiException.invalid("bounds", "unknown channel " + e.getKey() + "; the model has "
                            + m.channels().stream().map(ChannelResult::channel).toList());
                }
                if (e.getValue() == null) {
                    throw ApiException.invalid("bounds." + e.getKey(), "must be an object with min and/or max");
                }
                double min = e.getValue().min() == null ? 0 : e.getValue().min();
                double max = e.getValue().max() == null ? Double.POSITIVE_INFINITY : e.getValue().max();
                if (min > max) {
                    throw ApiException.invalid("bounds." + e.getKey(), "min must not exceed max");
                }
                bounds.put(e.getKey(), new SpendBounds(min, max));
            }
        }
        OptimisationResult r;
        try {
            r = optimizer.optimise(m, new OptimisationRequest(body.weeklyBudget(), mode, bounds, body.targetMroi()));
        } catch (InfeasibleOptimisationException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        Map<String, Double> current = new LinkedHashMap<>();
        m.curves().forEach(c -> current.put(c.channel(), c.meanWeeklySpend()));
        var i = r.interval();
        return new OptimisationView(m.id(), mode.name(), current, r.allocation(), r.currentWeeklyResponse(),
                r.projectedWeeklyResponse(), r.upliftPercent(), r.marginalRoi(), i == null ? null
                        : new IntervalView(i.level(), i.projectedLow(), i.projectedHigh(), i.upliftPercentLow(),
                                i.upliftPercentHigh()), r.safeguard() == null ? null
                        : new SafeguardView(r.safeguard().moveShare(), r.safeguard().reason()));
    }

    @POST
    @Path("/{id}/calibrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Refit the model calibrated with lift-test results: a new model version")
    @APIResponse(responseCode = "201", description = "The calibrated model, a new version",
            headers = @Header(name = "Location", description = "the model",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "409",
            description = "A request with the same Idempotency-Key is still being processed: send it again later")
    @APIResponse(responseCode = "422", description = "The calibrated data cannot be modelled: the problem says why, or its Idempotency-Key came with another request")
    @APIResponse(responseCode = "503",
            description = "Too many model fits are running (INSIGHT_MIX_MAX_CONCURRENT_FITS): retry later")
    public Response calibrate(@PathParam("id") String id,
            @HeaderParam(IdempotencyKeys.HEADER) @Parameter(description = IDEMPOTENCY_KEY) String idempotencyKey,
            @Valid @NotEmpty List<@Valid @NotNull LiftBody> tests) {
        MixModelStore.ModelRow parent = find(id);
        for (int i = 0; i < tests.size(); i++) {
            LiftBody t = tests.get(i);
            if (parent.model().channels().stream().noneMatch(c -> c.channel().equals(t.channel()))) {
                throw ApiException.invalid("[" + i + "].channel", "unknown channel " + t.channel() + "; the model has "
                        + parent.model().channels().stream().map(ChannelResult::channel).toList());
            }
            if (t.end().isBefore(t.start())) {
                throw ApiException.invalid("[" + i + "].end", "must not be before start");
            }
        }
        List<LiftTest> lifts = tests.stream().map(t -> new LiftTest(t.channel(), t.start().toString(),
                t.end().toString(), t.incrementalKpi(), t.standardError())).toList();
        String conflict = contradictingLiftTests(parent.model().lineage().calibration(), lifts);
        if (conflict != null) {
            throw ApiException.unprocessable(conflict);
        }
        return created(keys.once(caller.subject(), idempotencyKey, "calibration\n" + id + "\n" + lifts,
                () -> models.calibrate(parent, lifts, caller.subject(), Correlation.current()).modelId()));
    }

    /** How many standard errors apart two overlapping lift tests of a channel may be before they contradict. */
    static final double CONTRADICTION_Z = 4;

    /**
     * Two lift tests of one channel whose periods overlap measure the same effect: their daily increments must agree
     * within {@link #CONTRADICTION_Z} combined standard errors. The detail naming the first pair that does not, or
     * null. {@code earlier} are the parent's calibration, {@code tests} the new ones (named by list position).
     */
    static String contradictingLiftTests(List<LiftTest> earlier, List<LiftTest> tests) {
        List<LiftTest> all = new java.util.ArrayList<>(earlier);
        all.addAll(tests);
        for (int j = earlier.size(); j < all.size(); j++) {
            for (int i = 0; i < j; i++) {
                LiftTest a = all.get(i);
                LiftTest b = all.get(j);
                if (!a.channel().equals(b.channel()) || LocalDate.parse(a.end()).isBefore(LocalDate.parse(b.start()))
                        || LocalDate.parse(b.end()).isBefore(LocalDate.parse(a.start()))) {
                    continue;
                }
                double da = days(a);
                double db = days(b);
                double z = Math.abs(a.incrementalKpi() / da - b.incrementalKpi() / db)
                        / Math.hypot(a.standardError() / da, b.standardError() / db);
                if (z > CONTRADICTION_Z) {
                    String first = i < earlier.size() ? "the model's calibration test " + i
                            : "lift test [" + (i - earlier.size()) + "]";
                    return String.format(Locale.ROOT, "the lift tests contradict each other: %s and lift test [%d] both"
                            + " measure %s over overlapping periods (%s..%s, %s..%s) but %.6g ± %.3g and %.6g ± %.3g"
                            + " are %.1f standard errors apart", first, j - earlier.size(), a.channel(), a.start(),
                            a.end(), b.start(), b.end(), a.incrementalKpi(), a.standardError(), b.incrementalKpi(),
                            b.standardError(), z);
                }
            }
        }
        return null;
    }

    private static double days(LiftTest t) {
        return java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(t.start()), LocalDate.parse(t.end())) + 1;
    }

    /** A column has one role: the date, the KPI, a control or ignored (compared ignoring case, as the CSV's names). */
    static void oneRolePerColumn(String kpi, String dateColumn, List<String> controls, List<String> ignore) {
        String k = kpi.toLowerCase(Locale.ROOT);
        String d = dateColumn.toLowerCase(Locale.ROOT);
        if (k.equals(d)) {
            throw ApiException.invalid("kpi", "'" + kpi + "' is also the dateColumn: a column has one role");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String c : controls) {
            String l = c.toLowerCase(Locale.ROOT);
            if (l.equals(k) || l.equals(d)) {
                throw ApiException.invalid("controls", "'" + c + "' is the " + (l.equals(k) ? "KPI" : "dateColumn")
                        + ": a column has one role (a KPI among its own controls would explain itself)");
            }
            if (!seen.add(l)) {
                throw ApiException.invalid("controls", "'" + c + "' is listed twice");
            }
        }
        for (String c : ignore) {
            String l = c.toLowerCase(Locale.ROOT);
            if (l.equals(k) || l.equals(d) || seen.contains(l)) {
                throw ApiException.invalid("ignore", "'" + c + "' is " + (l.equals(k) ? "the KPI"
                        : l.equals(d) ? "the dateColumn" : "a control") + ": a column has one role");
            }
        }
    }

    private MixModelStore.ModelRow find(String id) {
        return store.model(id).orElseThrow(() -> ApiException.notFound("mix model", id));
    }

    /** 201 with the model; a request sent again with its Idempotency-Key gets the same, marked as replayed. */
    private Response created(IdempotencyKeys.Outcome outcome) {
        MixModelStore.ModelRow row = find(outcome.modelId());
        Response.ResponseBuilder answer = Response.created(URI.create("/api/v1/mix-models/" + row.modelId()))
                .entity(view(row));
        return (outcome.replayed() ? answer.header("Idempotent-Replayed", "true") : answer).build();
    }

    static ModelView view(MixModelStore.ModelRow r) {
        return view(r, false);
    }

    static ModelView view(MixModelStore.ModelRow r, boolean draws) {
        FittedModel m = r.model();
        List<ChannelView> channels = m.channels().stream().map(c -> {
            Map<String, Object> saturation = new LinkedHashMap<>();
            saturation.put("type", c.saturation().type());
            saturation.putAll(MixModelEventMapper.saturation(c.saturation()));
            return new ChannelView(c.channel(), c.spend(), m.curve(c.channel()).meanWeeklySpend(), c.contribution(),
                    n(c.contributionLow()), n(c.contributionHigh()), c.contributionShare(), c.roi(), n(c.roiLow()),
                    n(c.roiHigh()), c.mroi(), c.adstockDecay(), saturation,
                    draws ? MixModelEventMapper.curveDraws(m, c.channel()) : null);
        }).toList();
        return new ModelView(r.modelId(), r.brand(), r.market(), r.kpi(), r.version(), r.datasetId(), r.parentId(),
                m.weeks(), new FitView(n(m.fit().r2()), n(m.fit().mape()), n(m.fit().holdoutMape()),
                        m.fit().holdoutWeeks()), m.baselineShare(), m.intervalLevel(), channels, m.controlEffects(),
                m.warnings(), m.lineage(), r.createdBy(), r.createdAt());
    }

    private static Double n(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
