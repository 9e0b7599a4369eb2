package dev.compass.ingestion.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * SharePoint through Microsoft Graph: sites ({@code /v1.0/sites?search=}), their drives, and each drive's
 * {@code root/delta} feed. The deltaLink of the last complete round is persisted per drive, and the nextLink after
 * every page, so a crashed or rebalanced instance resumes the drive where the last committed page ended. HTTP 410
 * (resyncRequired) starts the drive over as a full round whose unseen items are then deleted. Pages are streamed:
 * memory does not grow with the number of items in a drive.
 *
 * <p>The service's token goes only to the Graph endpoint the source names: a nextLink or deltaLink (from a page or
 * persisted by an earlier round) that leads elsewhere is not followed, and the site fails with a message saying so.
 *
 * <p>Config: {@code {"tokenUrl": "https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token", "clientId": "...",
 * "clientSecretEnv": "GRAPH_CLIENT_SECRET", "graphBaseUrl": "https://graph.microsoft.com", "siteSearch": "*"}}
 * (the secret itself only ever in the environment: a {@code clientSecret} in the config is refused, since the config is
 * stored in the database).
 */
public final class SharePointConnector {
    private final GraphClient graph;
    private final String base;
    private final URI origin;
    private final String siteSearch;
    private final long maxBytes;

    /**
     * Asks the delta feed to report items whose sharing changed (annotated {@code @microsoft.graph.sharedChanged}), also
     * where a permission change further up the hierarchy reaches them, so that access follows SharePoint's.
     */
    static final String DELTA_PREFER = "deltashowsharingchanges, deltatraversepermissiongaps";

    /** The properties of a sharepoint source's config. */
    public static final List<String> CONFIG_PROPERTIES = List.of("clientId", "clientSecretEnv", "graphBaseUrl",
            "scope", "siteSearch", "tokenUrl");

    /** A property once accepted and now refused by {@link #validate}, which says what to use instead. */
    public static final String INLINE_SECRET = "clientSecret";

    public SharePointConnector(JsonNode config, GraphClient graph, long maxBytes) {
        this.graph = graph;
        String b = config.path("graphBaseUrl").asText("https://graph.microsoft.com");
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.origin = URI.create(base);
        this.siteSearch = config.path("siteSearch").asText("*");
        this.maxBytes = maxBytes;
    }

    /**
     * Checks a source's config; IllegalArgumentException ("field: why") when it is incomplete or reaches beyond what
     * this instance allows. The service sends the client secret to {@code tokenUrl} and its token to
     * {@code graphBaseUrl}, so both must name one of {@code allowedHosts}, and {@code clientSecretEnv} must name a
     * variable starting with {@code secretEnvPrefix}: otherwise an API caller could have the service post any of its
     * environment variables (a database password, the audit key) to a server of the caller's choosing. That variable
     * must be set, and not empty, in this service's environment.
     */
    public static void validate(JsonNode config, List<String> allowedHosts, String secretEnvPrefix) {
        validate(config, allowedHosts, secretEnvPrefix, System::getenv);
    }

    /**
     * {@link #validate(JsonNode, List, String)} against the environment {@code env} (a variable's value, or null):
     * the variable {@code clientSecretEnv} names must also be set and not empty there, or every sync of the source
     * would fail at its token request. The message names the variable, never a value.
     */
    static void validate(JsonNode config, List<String> allowedHosts, String secretEnvPrefix,
            Function<String, String> env) {
        if (config.has(INLINE_SECRET)) {
            // the config is stored as it is, in plain text, and secrets only ever come from the environment
            throw new IllegalArgumentException(INLINE_SECRET + ": not accepted: a source's config is stored in the"
                    + " database, so the secret must come from the environment: set it in a variable starting with "
                    + secretEnvPrefix + " and name that variable in clientSecretEnv");
        }
        for (String f : List.of("tokenUrl", "clientId")) {
            if (!config.path(f).isTextual() || config.path(f).asText().isBlank()) {
                throw new IllegalArgumentException(f + ": required");
            }
        }
        if (!config.path("clientSecretEnv").isTextual()) {
            throw new IllegalArgumentException("clientSecretEnv: required: the environment variable (starting with "
                    + secretEnvPrefix + ") that holds the client secret");
        }
        if (config.path("clientSecretEnv").isTextual()
                && !config.get("clientSecretEnv").asText().startsWith(secretEnvPrefix)) {
            throw new IllegalArgumentException("clientSecretEnv: must name an environment variable starting with "
                    + secretEnvPrefix + " (compass.ingestion.graph.secret-env-prefix)");
        }
        allowedHost("tokenUrl", config.path("tokenUrl").asText(), allowedHosts);
        if (config.has("graphBaseUrl")) {
            allowedHost("graphBaseUrl", config.path("graphBaseUrl").asText(), allowedHosts);
        }
        String variable = config.get("clientSecretEnv").asText();
        if (!isSet(env.apply(variable))) {
            throw new IllegalArgumentException("clientSecretEnv: " + notSet(variable));
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static String notSet(String variable) {
        return variable + " is not set in the service's environment (or is empty): set it to the client secret where"
                + " the service runs";
    }

    private static void allowedHost(String field, String url, List<String> allowedHosts) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException(field + ": an http(s) URL with a host is required");
        }
        if (scheme.equals("http") && !List.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost())) {
            throw new IllegalArgumentException(field + ": must be an https URL: the service sends its client secret"
                    + " or token there (plain http only to this machine, for local stubs)");
        }
        if (allowedHosts.stream().noneMatch(h -> h.strip().equalsIgnoreCase(uri.getHost()))) {
            throw new IllegalArgumentException(field + ": host " + uri.getHost() + " is not one this instance may call "
                    + allowedHosts + " (compass.ingestion.graph.allowed-hosts)");
        }
    }

    /**
     * The client secret, from the environment variable the config names. A source registered before inline secrets
     * were refused may still carry one: it is used, so that its syncs go on, until the source is registered again.
     */
    public static String secret(JsonNode config) {
        if (config.path("clientSecretEnv").isTextual()) {
            String v = System.getenv(config.get("clientSecretEnv").asText());
            if (!isSet(v)) {
                throw new IllegalStateException("clientSecretEnv: " + notSet(config.get("clientSecretEnv").asText()));
            }
            return v;
        }
        return config.path("clientSecret").asText();
    }

    /** Every site, page by page: (site id, site name). */
    public void sites(BiConsumer<String, String> sink) {
        String url = base + "/v1.0/sites?search=" + GraphClient.enc(siteSearch);
        while (url != null) {
            JsonNode page = graph.getJson(url);
            for (JsonNode site : page.path("value")) {
                String name = site.path("name").asText(site.path("displayName").asText(site.path("id").asText()));
                sink.accept(site.path("id").asText(), name);
            }
            url = next(page);
        }
    }

    /** Synchronises every drive of a site. */
    public void syncSite(String siteId, String siteName, boolean fullResync, ItemSink sink) {
        String url = base + "/v1.0/sites/" + siteId + "/drives";
        while (url != null) {
            JsonNode page = graph.getJson(url);
            for (JsonNode drive : page.path("value")) {
                syncDrive(siteId, siteName, drive.path("id").asText(), fullResync, sink);
            }
            url = next(page);
        }
    }

    void syncDrive(String siteId, String siteName, String driveId, boolean fullResync, ItemSink sink) {
        String fresh = base + "/v1.0/drives/" + driveId + "/root/delta";
        ItemSink.DeltaState state = fullResync ? null : sink.deltaState(driveId);
        String link;
        String round;
        if (state == null || (state.deltaLink() == null && state.resumeLink() == null)) {
            link = fresh;
            round = UUID.randomUUID().toString();
        } else if (state.resumeLink() != null) {
            link = onGraph(state.resumeLink(), "the nextLink persisted for drive " + driveId);
            round = state.roundId();
        } else {
            link = onGraph(state.deltaLink(), "the deltaLink persisted for drive " + driveId);
            round = null;
        }
        String previousDelta = state == null ? null : state.deltaLink();
        boolean resynced = false;
        while (true) {
            JsonNode page;
            try {
                page = graph.getJson(link, DELTA_PREFER);
            } catch (GraphClient.ResyncRequired gone) {
                if (resynced) {
                    throw gone;
                }
                resynced = true; // full round from scratch: unseen items are deleted at its end
                previousDelta = null;
                round = UUID.randomUUID().toString();
                sink.saveDelta(driveId, siteId, new ItemSink.DeltaState(null, null, round));
                link = fresh;
                continue;
            }
            for (JsonNode item : page.path("value")) {
                item(siteId, siteName, driveId, item, round, sink);
            }
            String next = next(page);
            if (next != null) {
                sink.saveDelta(driveId, siteId, new ItemSink.DeltaState(previousDelta, next, round));
                link = next;
                continue;
            }
            String delta = page.path("@odata.deltaLink").asText(null);
            if (delta != null) {
                onGraph(delta, "@odata.deltaLink");
            }
            if (round != null) {
                for (String key : sink.unseen(siteId, driveId, round)) {
                    sink.deleted(key);
                }
            }
            sink.saveDelta(driveId, siteId, new ItemSink.DeltaState(delta, null, null));
            return;
        }
    }

    private void item(String siteId, String siteName, String driveId, JsonNode item, String round, ItemSink sink) {
        String itemId = item.path("id").asText();
        String key = driveId + ":" + itemId;
        if (item.has("deleted")) {
            sink.deleted(key);
            return;
        }
        if (!item.has("file") || item.has("root")) {
            return; // folders and the root carry no content
        }
        try {
            String version = item.path("cTag").asText(item.path("eTag").asText(null));
            long size = item.path("size").asLong(-1);
            String modified = item.path("lastModifiedDateTime").asText(null);
            ItemSink.Known known = sink.known(key);
            // a change of sharing leaves the version alone: its groups are read again (and the sink compares them)
            boolean sharingChanged = item.path("@microsoft.graph.sharedChanged").asText("").equalsIgnoreCase("true");
            if (known != null && version != null && version.equals(known.versionTag()) && !sharingChanged) {
                sink.seen(key, round);
                return;
            }
            if (size > maxBytes) {
                sink.failed(key, size + " bytes is over the ingestion limit of " + maxBytes);
                sink.seen(key, round);
                return;
            }
            List<String> groups = groups(driveId, itemId);
            byte[] bytes = graph.getBytes(base + "/v1.0/drives/" + driveId + "/items/" + itemId + "/content", maxBytes);
            String parent = item.path("parentReference").path("path").asText("");
            int colon = parent.indexOf(':');
            String folder = colon >= 0 ? parent.substring(colon + 1) : "";
            String name = item.path("name").asText(itemId);
            sink.upsert(new ItemSink.Item(key, siteId, driveId, siteName, folder + "/" + name, name, bytes.length,
                    modified, version, item.path("file").path("mimeType").asText(null)), bytes, groups, round);
        } catch (GraphClient.ResyncRequired | ItemSink.Cancelled e) {
            throw e;
        } catch (RuntimeException e) {
            sink.failed(key, e.getMessage() == null ? e.toString() : e.getMessage());
            sink.seen(key, round); // a failed item is not a deleted item
        }
    }

    /** Access groups of an item: the groups and SharePoint site groups it is shared with (display name, else id). */
    List<String> groups(String driveId, String itemId) {
        Set<String> groups = new LinkedHashSet<>();
        String url = base + "/v1.0/drives/" + driveId + "/items/" + itemId + "/permissions";
        while (url != null) {
            JsonNode page = graph.getJson(url);
            for (JsonNode p : page.path("value")) {
                List<JsonNode> grants = new ArrayList<>();
                if (p.has("grantedToV2")) {
                    grants.add(p.get("grantedToV2"));
                }
                p.path("grantedToIdentitiesV2").forEach(grants::add);
                for (JsonNode g : grants) {
                    for (String kind : List.of("group", "siteGroup")) {
                        JsonNode identity = g.get(kind);
                        if (identity != null) {
                            String name = identity.path("displayName").asText(identity.path("id").asText(null));
                            if (name != null && !name.isBlank()) {
                                groups.add(name);
                            }
                        }
                    }
                }
            }
            url = next(page);
        }
        return new ArrayList<>(groups);
    }

    /** A page's nextLink, or null; GraphException when it leads away from the Graph endpoint. */
    private String next(JsonNode page) {
        String link = page.path("@odata.nextLink").asText(null);
        return link == null ? null : onGraph(link, "@odata.nextLink");
    }

    /** {@code link} when it is on the Graph endpoint (scheme, host and port of graphBaseUrl); else GraphException. */
    String onGraph(String link, String what) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new GraphClient.GraphException(0, what + " is not a URL: " + link);
        }
        if (!origin.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                || !origin.getHost().equalsIgnoreCase(String.valueOf(uri.getHost())) || port(origin) != port(uri)) {
            throw new GraphClient.GraphException(0, what + " leads to " + uri.getScheme() + "://" + uri.getAuthority()
                    + ", not to the Graph endpoint " + base + "; not followed with the service's token");
        }
        return link;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
