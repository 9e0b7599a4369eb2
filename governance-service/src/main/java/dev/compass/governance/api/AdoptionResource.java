package dev.compass.governance.api;

import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Roles;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Adoption: daily active users of the agents, by role (or by the service used). */
@Path("/api/v1/adoption")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.REVIEWER, Roles.OPS, Roles.ADMIN, Roles.ANALYST})
public class AdoptionResource {
    private static final LocalDate FIRST = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    @Inject
    AgroalDataSource dataSource;

    public record DailyActive(LocalDate day, String group, long activeUsers, long actions) {}

    public record Report(LocalDate from, LocalDate to, String groupBy, List<DailyActive> days) {}

    @GET
    @Operation(summary = "Daily active users (distinct people who started a conversation or asked for an answer)")
    @APIResponse(responseCode = "200", description = "Daily active users and actions, per day and group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "400", description = "Invalid request: `errors` names the query parameter and says what"
            + " is wrong: a date that is not one from 0001-01-01 to 9999-12-31, from after to, a groupBy other than"
            + " role, service or none, a parameter given empty, or one the operation does not take")
    public Report adoption(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") @DefaultValue("role") String groupBy, @Context UriInfo uri) {
        // a parameter given empty (groupBy=) is an error, not its default: the framework would hand us the default
        for (String name : List.of("from", "to", "groupBy")) {
            String given = uri.getQueryParameters().getFirst(name);
            if (given != null && given.isBlank()) {
                throw ApiException.invalid(name, "given empty; leave it out for its default");
            }
        }
        LocalDate toDay = parse("to", to, LocalDate.now(ZoneOffset.UTC));
        LocalDate fromDay = parse("from", from, toDay.minusDays(29).isBefore(FIRST) ? FIRST : toDay.minusDays(29));
        if (fromDay.isAfter(toDay)) {
            throw ApiException.invalid("from", "must not be after to");
        }
        String group = switch (groupBy) {
            case "role" -> "unnest(case when roles = '' then array['(none)'] else string_to_array(roles, ',') end)";
            case "service" -> "coalesce(service, '(unknown)')";
            case "none" -> "'all'";
            default -> throw ApiException.invalid("groupBy", "role, service or none (level and businessUnit are"
                    + " not carried by usage events)");
        };
        String sql = "select day, grp, count(distinct username), count(*) from (select day, username, " + group
                + " as grp from usage_event where day between ? and ?) u group by day, grp order by day, grp";
        List<DailyActive> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, fromDay);
            ps.setObject(2, toDay);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DailyActive(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3),
                            rs.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Report(fromDay, toDay, groupBy, rows);
    }

    private static LocalDate parse(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "a date like 2025-01-31");
        }
        if (day.isBefore(FIRST) || day.isAfter(LAST)) {
            throw ApiException.invalid(field, "a date from " + FIRST + " to " + LAST);
        }
        return day;
    }
}
