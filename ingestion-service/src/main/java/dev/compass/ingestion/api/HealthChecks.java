package dev.compass.ingestion.api;

import dev.compass.ingestion.config.IngestionConfig;
import dev.compass.ingestion.processing.DocumentProcessor;
import dev.compass.ingestion.processing.PipelineHolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while at least one parse worker is free of a runaway parse (abandoned parses count as stuck). */
@Readiness
@ApplicationScoped
public class HealthChecks implements HealthCheck {
    @Inject
    PipelineHolder pipeline;
    @Inject
    DocumentProcessor processor;
    @Inject
    IngestionConfig config;

    @Override
    public HealthCheckResponse call() {
        int stuck = pipeline.get().stuckWorkers();
        return HealthCheckResponse.named("document-pipeline").status(stuck < config.parseWorkers())
                .withData("stuckParseWorkers", stuck).withData("parseTimeouts", pipeline.get().timeouts())
                .withData("backlog", processor.backlog()).build();
    }
}
