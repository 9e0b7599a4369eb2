package dev.compass.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Processing and connector settings of ingestion-service. */
@ConfigMapping(prefix = "compass.ingestion")
public interface IngestionConfig {
    /**
     * Name of this instance: owner of the processing leases it takes (a restarted instance reclaims its own at once).
     * Must differ between instances running at the same time; by default the host name and the HTTP port.
     */
    Optional<String> instanceId();

    /** Documents processed at once by this instance (threads calling the pipeline). */
    @WithDefault("3")
    int workers();

    /** Documents waiting in memory for a worker; beyond it they wait in the database for the sweeper. */
    @WithDefault("1000")
    int queueCapacity();

    /** Tika parses running at once (the pipeline's isolated parser pool). */
    @WithDefault("2")
    int parseWorkers();

    /** Per-document parse time limit (TIMEOUT beyond). */
    @WithDefault("30s")
    Duration parseTimeout();

    /** Largest document accepted for parsing (TOO_LARGE beyond; the original is still kept). */
    @WithDefault("52428800")
    long maxBytes();

    /** How long a processing claim on a RECEIVED document is valid before another instance may take it. */
    @WithDefault("10m")
    Duration lease();

    /** How often RECEIVED documents without a live claim are picked up (crash recovery, overflow). */
    @WithDefault("30s")
    Duration sweepInterval();

    Graph graph();

    Filesystem filesystem();

    /** Filesystem sources. */
    interface Filesystem {
        /**
         * Folders a filesystem source may read: its root must lie inside one of them. None (the default): filesystem
         * sources are refused, so that an API caller cannot make the service read arbitrary server paths.
         */
        Optional<List<String>> allowedRoots();

        /** The allowed roots, or none. */
        default List<String> roots() {
            return allowedRoots().orElse(List.of());
        }
    }

    /** Microsoft Graph client settings. */
    interface Graph {
        /** Retries of one call after 429/503/5xx or an I/O error. */
        @WithDefault("6")
        int maxRetries();

        /** Longest Retry-After honoured as given (longer values are capped). */
        @WithDefault("120s")
        Duration maxRetryAfter();

        @WithDefault("60s")
        Duration timeout();

        /** Hosts a SharePoint source's tokenUrl and graphBaseUrl may name (the secret and tokens go there). */
        @WithDefault("login.microsoftonline.com,graph.microsoft.com")
        List<String> allowedHosts();

        /** A SharePoint source's clientSecretEnv must name an environment variable with this prefix. */
        @WithDefault("GRAPH_")
        String secretEnvPrefix();
    }
}
