package dev.compass.ingestion.api;

import dev.compass.contracts.BrandAndMarket;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.DatasetEvent;
import dev.compass.documents.datasets.DatasetIssue;
import dev.compass.documents.datasets.DatasetRules;
import dev.compass.documents.datasets.DatasetValidation;
import dev.compass.documents.datasets.DatasetValidator;
import dev.compass.documents.datasets.WeeklyTable;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.ingestion.persistence.DatasetStore;
import dev.compass.ingestion.persistence.DocumentStore;
import dev.compass.ingestion.persistence.Ids;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.observability.Correlation;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.problem.Problem;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Weekly spend/sales data sets: validated (missing or duplicate weeks, negative spend, non-numeric cells, outliers,
 * too short a history); usable ones are published whole on {@code ingestion.datasets.v1}, unusable ones are kept as
 * REJECTED and answered with 422 and the list of issues. A usable data set submitted again (the same bytes, brand,
 * market, KPI, date column, channels and controls) is answered 200 with the existing id and not published again.
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    DatasetStore datasets;
    @Inject
    DocumentStore blobs;
    @Inject
    EventPublisher events;
    @Inject
    Caller caller;
    @Context
    UriInfo uri;

    public record Issue(String code, String severity, String column, Integer row, String message) {}

    /** The answer to a usable submission; {@code duplicate} when the same data set was submitted before. */
    public record Submitted(String id, String status, List<Issue> issues, boolean duplicate) {}

    /** The problem of a data set that is not usable (RFC 9457 with extension members: its id and issues). */
    public record DatasetRejected(String type, String title, int status, String detail, String instance, String id,
            String datasetStatus, List<Issue> issues) {}

    public record DatasetView(String id, String status, String brand, String market, String kpi, String dateColumn,
            List<String> channels, List<String> controls, int weeks, List<Issue> issues, String mediaType,
            Instant createdAt) {}

    @POST
    @Consumes({"text/csv", XLSX})
    @Transactional
    @RolesAllowed({Roles.ANALYST, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Submit a weekly spend/sales data set (CSV or XLSX): 202 when usable (published),"
            + " 200 with the existing id when the same usable data set was submitted before,"
            + " 422 problem+json with the issues when not usable (kept as REJECTED)")
    @APIResponse(responseCode = "202", description = "Usable: stored and published",
            headers = @Header(name = "Location", description = "the data set",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "200", description = "The same usable data set was submitted before: its id",
            headers = @Header(name = "Location", description = "the data set",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "422",
            description = "Not usable: stored as REJECTED; the problem lists the issues and carries the id",
            content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = DatasetRejected.class)))
    public Response submit(
            @QueryParam("brand") @NotBlank @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String brand,
            @QueryParam("market") @NotBlank
            @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String market,
            @QueryParam("kpi") @DefaultValue("revenue") @NotBlank @Size(max = 100) String kpi,
            @QueryParam("dateColumn") @DefaultValue("date") @NotBlank @Size(max = 100) String dateColumn,
            @QueryParam("controls") @Size(max = 2000) String controls,
            @QueryParam("channels") @Size(max = 2000) String channels,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid("body", "a CSV or XLSX file is required");
        }
        boolean xlsx = contentType != null && contentType.startsWith(XLSX);
        List<String> controlList = split(controls);
        List<String> channelList = split(channels);
        oneRolePerColumn(dateColumn, kpi, channelList, controlList);
        DatasetRules defaults = DatasetRules.defaults();
        DatasetRules rules = new DatasetRules(List.of(dateColumn), List.of(kpi), channelList, controlList,
                defaults.minWeeksError(), defaults.minWeeksWarning(), defaults.outlierZ());
        DatasetValidation v = new DatasetValidator(rules).validate(body, xlsx ? "upload.xlsx" : "upload.csv");

        String hash = DuplicateDetector.contentHash(body);
        List<Issue> issues = v.issues().stream().map(DatasetResource::issue).toList();
        WeeklyTable t = v.table();
        List<String> spendNames = t == null ? channelList : new ArrayList<>(t.spend().keySet());
        List<String> controlNames = t == null ? controlList : new ArrayList<>(t.controls().keySet());
        int weeks = t == null ? 0 : t.weeks().size();
        if (v.status() != DatasetValidation.Status.REJECTED) {
            Optional<String> copy = datasets.findUsableCopy(hash, brand, market, kpi, dateColumn, spendNames,
                    controlNames);
            if (copy.isPresent()) { // the same submission again: already stored and published once
                return Response.ok(new Submitted(copy.get(), "USABLE", issues, true))
                        .location(URI.create("/api/v1/datasets/" + copy.get())).build();
            }
        }
        String id = Ids.next();
        String mediaType = xlsx ? XLSX : "text/csv";
        blobs.putBlob(hash, body, mediaType);
        List<Map<String, Object>> issueMaps = issues.stream().map(DatasetResource::asMap).toList();
        datasets.insert(new DatasetStore.DatasetRecord(id, brand, market, kpi, dateColumn, spendNames, controlNames,
                v.status().name(), weeks, issueMaps, mediaType, hash, caller.subject(), Instant.now()));

        if (v.status() == DatasetValidation.Status.REJECTED) {
            DatasetRejected problem = new DatasetRejected("about:blank", "Unprocessable Content", 422,
                    "the data set is not usable: " + issues.stream().filter(i -> i.severity().equals("ERROR")).count()
                            + " error(s); see issues", uri.getPath(), id, "REJECTED", issues);
            // kept as REJECTED: this response commits the row (it is not an exception that rolls back)
            return Response.status(422).type(Problem.PROBLEM_JSON).entity(problem).build();
        }
        List<DatasetEvent.WeeklyRow> rows = new ArrayList<>(weeks);
        for (int w = 0; w < weeks; w++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(t.kpiColumn(), finite(t.kpi()[w]));
            for (var e : t.spend().entrySet()) {
                values.put(e.getKey(), finite(e.getValue()[w]));
            }
            for (var e : t.controls().entrySet()) {
                values.put(e.getKey(), finite(e.getValue()[w]));
            }
            rows.add(new DatasetEvent.WeeklyRow(t.weeks().get(w), values));
        }
        String correlation = Correlation.current();
        events.publish(EventType.DATASET, id, brand + "|" + market, new DatasetEvent(id, brand, market, kpi,
                dateColumn, spendNames, controlNames.isEmpty() ? null : controlNames, weeks, "USABLE",
                v.issues().stream().map(i -> new DatasetEvent.DatasetIssue(i.code(), i.severity().name(), i.column(),
                        i.row() == 0 ? null : i.row(), i.message())).toList(), rows, correlation, null, Instant.now()),
                correlation, null);
        return Response.accepted(new Submitted(id, "USABLE", issues, false))
                .location(URI.create("/api/v1/datasets/" + id)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A data set: status (USABLE or REJECTED), columns, weeks and issues")
    public DatasetView get(@PathParam("id") String id) {
        DatasetStore.DatasetRecord d = datasets.find(id).orElseThrow(() -> ApiException.notFound("data set", id));
        List<Issue> issues = d.issues().stream().map(m -> new Issue((String) m.get("code"), (String) m.get("severity"),
                (String) m.get("column"), m.get("row") == null ? null : ((Number) m.get("row")).intValue(),
                (String) m.get("message"))).toList();
        return new DatasetView(d.id(), d.status(), d.brand(), d.market(), d.kpi(), d.dateColumn(), d.channels(),
                d.controls(), d.weeks(), issues, d.mediaType(), d.createdAt());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Issue issue(DatasetIssue i) {
        return new Issue(i.code(), i.severity().name(), i.column(), i.row() == 0 ? null : i.row(), i.message());
    }

    private static Map<String, Object> asMap(Issue i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", i.code());
        m.put("severity", i.severity());
        m.put("column", i.column());
        m.put("row", i.row());
        m.put("message", i.message());
        return m;
    }

    /**
     * A column is the date, the KPI, a channel or a control, never two of them: a model of TV spend against TV spend,
     * or of a control that is also a channel, would be fitted and quoted without a word.
     */
    private static void oneRolePerColumn(String dateColumn, String kpi, List<String> channels, List<String> controls) {
        Map<String, String> role = new LinkedHashMap<>();
        role.put(dateColumn.strip().toLowerCase(Locale.ROOT), "the date column");
        claim("kpi", List.of(kpi.strip()), "the KPI", role);
        claim("channels", channels, "a channel", role);
        claim("controls", controls, "a control", role);
    }

    private static void claim(String field, List<String> columns, String as, Map<String, String> role) {
        for (String column : columns) {
            String key = column.toLowerCase(Locale.ROOT);
            String taken = role.putIfAbsent(key, as);
            if (taken != null) {
                throw ApiException.invalid(field, column + " is already " + taken + "; a column has one role");
            }
        }
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
