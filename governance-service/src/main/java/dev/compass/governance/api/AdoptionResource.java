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
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Adoption: daily active users of the agents, by role (or by the service used). */
@Path("/api/v1/adoption")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.REVIEWER, Roles.OPS, Roles.ADMIN, Roles.ANALYST})
public class AdoptionResource {
    @Inject
    AgroalDataSource dataSource;

    public record DailyActive(LocalDate day, String group, long activeUsers, long actions) {}

    public record Report(LocalDate from, LocalDate to, String groupBy, List<DailyActive> days) {}

    @GET
    @Operation(summary = "Daily active users (distinct people who started a conversation or asked for an answer)")
    public Report adoption(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") @DefaultValue("role") String groupBy) {
        LocalDate toDay = parse("to", to, LocalDate.now());
        LocalDate fromDay = parse("from", from, toDay.minusDays(29));
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
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "a date like 2025-01-31");
        }
    }
}
