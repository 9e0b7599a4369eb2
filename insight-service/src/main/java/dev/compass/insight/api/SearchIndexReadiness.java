package dev.compass.insight.api;

import dev.compass.insight.domain.Rebuilds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the index this instance started with is being rebuilt from the record (it was missing, or out of
 * step): a new instance would otherwise answer searches from part of the documents.
 */
@Readiness
@ApplicationScoped
public class SearchIndexReadiness implements HealthCheck {
    @Inject
    Rebuilds rebuilds;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("search-index");
        return rebuilds.startupRebuild().map(p -> response.down().withData("rebuilding", true)
                .withData("done", p[0]).withData("total", p[1]).build()).orElseGet(() -> response.up().build());
    }
}
