package dev.compass.contracts.deploy;

import dev.compass.contracts.EventType;
import dev.compass.contracts.EventType.Service;
import dev.compass.contracts.TopicCatalog;
import dev.compass.contracts.TopicCatalog.TopicSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Generates, from the contracts, every deployment file that names topics, services, ports or variables: the AsyncAPI
 * document, Strimzi KafkaTopic resources, Kubernetes manifests (Kustomize base and overlays), docker-compose.yml and its
 * topic script. {@link GeneratedArtifactsTest} fails when a committed file differs from what this produces;
 * regenerate with {@code mvn -B -f contracts/pom.xml test -Dtest=GeneratedArtifactsTest -Dcompass.regenerate=true}.
 */
public final class DeployArtifacts {
    private DeployArtifacts() {}

    static final String HEADER = "# GENERATED from the contracts module (dev.compass.contracts.deploy.DeployArtifacts): do not edit.\n"
            + "# Regenerate: mvn -B -f contracts/pom.xml test -Dtest=GeneratedArtifactsTest -Dcompass.regenerate=true\n";

    /** Variables every service requires, and optional ones. */
    public static final List<String> REQUIRED_VARIABLES = List.of("KAFKA_BOOTSTRAP_SERVERS", "DB_URL", "DB_USER",
            "DB_PASSWORD", "JWT_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");

    // ---------------------------------------------------------------- what the manifests assume

    /** USER of every service's src/main/docker/Dockerfile.jvm (the ubi9 OpenJDK runtime image's jboss user). */
    static final int RUN_AS_USER = 185;
    /**
     * Seconds a stopping pod keeps serving before it gets SIGTERM, while the endpoints, kube-proxy and ingress drop it
     * from the Service, so no request meets a closed listener. An exec of the image's {@code sleep} (coreutils, which
     * run-java.sh needs as well): the lifecycle {@code sleep} action is GA only from Kubernetes 1.34.
     */
    static final int PRE_STOP_SLEEP_SECONDS = 5;
    /** The preStop sleep, then the service's own stop (1-2 s; up to ~25 s: a 5 s drain, a 20 s hold), with room to spare. */
    static final int TERMINATION_GRACE_SECONDS = 45;
    /** Where insight-service keeps its derived Lucene index in a container (INSIGHT_INDEX_DIR; its Dockerfile makes it). */
    static final String INSIGHT_INDEX_DIR = "/var/lib/compass/insight-index";
    /** Index bytes per chunk: 165.2 MiB on disk for 100,000 chunks (docs/bench/insight.md), ~1.5 kB of it the vector. */
    static final long INDEX_BYTES_PER_CHUNK = 1_733;
    /** Chunks the base manifests size insight's index volume for: every instance indexes every chunk. */
    static final long INDEX_PLANNED_CHUNKS = 1_000_000;
    /**
     * Copies of the index on disk at the peak of a rebuild (ChunkIndex.rebuild): the previous commit, searched until the
     * rebuild ends, the new segments, and their force-merge into one segment.
     */
    static final int INDEX_REBUILD_COPIES = 3;
    /** Services that load an in-process embedding model (langchain4j-embeddings in their pom), in native memory. */
    static final Set<Service> EMBEDDING_MODEL_SERVICES = EnumSet.of(Service.INSIGHT, Service.GOVERNANCE);
    /** Non-heap memory governance measured under ./run: 852 MiB RSS less 432 MiB heap committed (metaspace, model, JIT, threads). */
    static final int MODEL_SERVICE_NON_HEAP_MIB = 420;
    /** Heap governance committed under ./run. */
    static final int MODEL_SERVICE_HEAP_MIB = 432;

    /** A key of the Secret compass-secrets, the variable it sets and the services that read it. */
    record SecretKey(String key, String variable, boolean optional, List<Service> services, String purpose) {}

    /** Every key of compass-secrets the Deployments read (documented in config.yaml). */
    static List<SecretKey> secretKeys() {
        List<SecretKey> keys = new ArrayList<>();
        for (Service s : Service.values()) {
            keys.add(new SecretKey(database(s).toUpperCase() + "_DB_PASSWORD", "DB_PASSWORD", false, List.of(s),
                    "password of the database role " + database(s)));
        }
        keys.add(new SecretKey("AUDIT_CHECKPOINT_KEY", "AUDIT_CHECKPOINT_KEY", false, List.of(Service.GOVERNANCE),
                "HMAC key of the audit trail's checkpoints: at least 16 characters (else the service does not start),"
                        + " 32 or more advised (RFC 2104). Keep it: every checkpoint, earlier ones too, is verified with the current key"));
        keys.add(new SecretKey("COMPASS_LLM_API_KEY", "COMPASS_LLM_API_KEY", true, List.of(Service.INSIGHT, Service.AGENT),
                "key of the OpenAI-compatible model server (COMPASS_LLM_ENABLED=true)"));
        keys.add(new SecretKey("INSIGHT_EMBEDDING_API_KEY", "INSIGHT_EMBEDDING_API_KEY", true, List.of(Service.INSIGHT),
                "key of the embedding server (INSIGHT_EMBEDDING_PROVIDER=openai)"));
        return keys;
    }

    /** emptyDir sizeLimit of insight's index in MiB: the rebuild peak at the planned chunks plus 20%, in whole GiB. */
    static long indexSizeLimitMi() {
        double bytes = (double) INDEX_PLANNED_CHUNKS * INDEX_BYTES_PER_CHUNK * INDEX_REBUILD_COPIES * 1.2;
        return (long) Math.ceil(bytes / (1L << 30)) * 1024;
    }

    /**
     * emptyDir sizeLimit of /tmp in MiB: multipart uploads (Quarkus spools them to ${java.io.tmpdir}/uploads; ingestion
     * takes documents up to 64 MB), Tika's temporary files, the native libraries ONNX Runtime and the DJL tokenizer
     * extract, hsperfdata.
     */
    static long tmpSizeLimitMi(Service s) {
        return s == Service.INGESTION ? 2048 : 1024;
    }

    /** What each service writes to /tmp, for the manifests' comments. */
    static final Map<Service, String> TMP_USE = Map.of(
            Service.INGESTION, "          # the JVM's perf data, multipart uploads (Quarkus spools them there), Tika's temporary files",
            Service.INSIGHT, "          # the JVM's perf data, CSV uploads, the native libraries ONNX Runtime and the DJL tokenizer extract\n"
                    + "          # (DJL falls back there from the read-only home directory)",
            Service.AGENT, "          # the JVM's perf data",
            Service.GOVERNANCE, "          # the JVM's perf data, the native libraries ONNX Runtime and the DJL tokenizer extract (DJL falls\n"
                    + "          # back there from the read-only home directory)");

    /** Ephemeral storage a container is scheduled with: /tmp in use and, in insight, the index at the planned size. */
    static long ephemeralRequestMi(Service s) {
        long mi = s == Service.INGESTION ? 512 : 256;
        if (s == Service.INSIGHT) {
            mi += (long) Math.ceil((double) INDEX_PLANNED_CHUNKS * INDEX_BYTES_PER_CHUNK / (1 << 20));
        }
        return (mi + 511) / 512 * 512;
    }

    /** Every emptyDir at its limit plus 512 MiB for container logs (rotated by the kubelet) and anything else. */
    static long ephemeralLimitMi(Service s) {
        return tmpSizeLimitMi(s) + (s == Service.INSIGHT ? indexSizeLimitMi() : 0) + 512;
    }

    /** A comment line wrapped at 118 characters, continued under its fourth column. */
    static String wrapped(String line) {
        StringBuilder out = new StringBuilder();
        String indent = "#" + " ".repeat(40);
        while (line.length() > 118) {
            int cut = line.lastIndexOf(' ', 118);
            out.append(line, 0, cut).append('\n');
            line = indent + line.substring(cut + 1);
        }
        return out.append(line).append('\n').toString();
    }

    static String quantity(long mi) {
        return mi % 1024 == 0 ? (mi / 1024) + "Gi" : mi + "Mi";
    }

    /** Memory of a Deployment in an overlay; heapRatio (JAVA_MAX_MEM_RATIO) null keeps compass-config's 50. */
    record Memory(String request, String limit, Integer heapRatio) {}

    static String database(Service s) {
        return s.serviceName().replace("-service", "");
    }

    /** Relative path → content. */
    public static Map<String, String> all() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("docs/asyncapi.yaml", asyncApi());
        files.put("deploy/base/kafka-topics.yaml", strimziTopics());
        files.put("deploy/base/kustomization.yaml", baseKustomization());
        files.put("deploy/base/config.yaml", sharedConfig());
        for (Service s : Service.values()) {
            files.put("deploy/base/" + s.serviceName() + ".yaml", serviceManifests(s));
        }
        files.put("deploy/overlays/local/kustomization.yaml", overlay("local", 1, 1, s -> EMBEDDING_MODEL_SERVICES
                .contains(s) ? new Memory("1Gi", "1280Mi", 40) : new Memory("256Mi", "768Mi", null), LOCAL_MEMORY));
        files.put("deploy/overlays/production/kustomization.yaml", overlay("production", 2, 6,
                s -> new Memory("1Gi", "2Gi", null), PRODUCTION_MEMORY));
        files.put("docker-compose.yml", compose());
        files.put("deploy/compose/create-topics.sh", composeTopics());
        files.put("deploy/compose/init-databases.sql", initDatabases());
        return files;
    }

    // ---------------------------------------------------------------- AsyncAPI 3

    static String asyncApi() {
        StringBuilder y = new StringBuilder(HEADER);
        y.append("asyncapi: 3.0.0\n");
        y.append("info:\n  title: Compass event catalogue\n  version: 1.0.0\n");
        y.append("  description: |\n    Every topic of the Compass suite. Events are CloudEvents 1.0 in Kafka binary mode: attributes in ce_*\n"
                + "    headers (ce_id, ce_type, ce_source, ce_time, ce_subject, ce_correlationid, ce_causationid), JSON payload\n"
                + "    validated against the schema of its type. Consumers are idempotent by ce_id and send poison messages to\n"
                + "    a dead-letter topic named <topic>.dlq.<consumer-service>; the audit trail of governance-service\n"
                + "    reads every topic and sends what it cannot record to governance.audit-trail.dlq.governance-service.\n");
        y.append("defaultContentType: application/json\n");
        y.append("servers:\n  local:\n    host: 127.0.0.1:9092\n    protocol: kafka\n    description: the broker ./run starts\n");
        y.append("channels:\n");
        for (EventType t : EventType.values()) {
            TopicSpec spec = TopicCatalog.spec(t.topic());
            y.append("  ").append(channelId(t)).append(":\n");
            y.append("    address: ").append(t.topic()).append('\n');
            y.append("    description: ").append(quote(spec.rationale())).append('\n');
            y.append("    messages:\n      ").append(messageId(t)).append(":\n        $ref: '#/components/messages/")
                    .append(messageId(t)).append("'\n");
            y.append("    bindings:\n      kafka:\n        partitions: ").append(spec.partitions()).append('\n');
            y.append("        topicConfiguration:\n          cleanup.policy: [").append(spec.cleanupPolicy()).append("]\n");
            y.append("          retention.ms: ").append(spec.retentionMs()).append('\n');
        }
        y.append("operations:\n");
        for (EventType t : EventType.values()) {
            for (Service p : t.producers()) {
                operation(y, p, "send", t);
            }
            for (Service c : t.consumers()) {
                operation(y, c, "receive", t);
            }
            // the audit trail reads every topic through one consumer group, with its own dead-letter topic
            y.append("  governance-service.audit.").append(messageId(t)).append(":\n    action: receive\n");
            y.append("    channel:\n      $ref: '#/channels/").append(channelId(t)).append("'\n");
            y.append("    messages:\n      - $ref: '#/channels/").append(channelId(t)).append("/messages/")
                    .append(messageId(t)).append("'\n");
            y.append("    description: ").append(quote("the audit trail (consumer group governance-audit) records"
                    + " every event once; a record that is not a valid event of this topic's type goes to "
                    + dev.compass.contracts.Topics.AUDIT_DEAD_LETTER)).append('\n');
        }
        y.append("components:\n  messages:\n");
        for (EventType t : EventType.values()) {
            y.append("    ").append(messageId(t)).append(":\n");
            y.append("      name: ").append(t.ceType()).append('\n');
            y.append("      title: ").append(t.recordType().getSimpleName()).append('\n');
            y.append("      contentType: application/json\n");
            y.append("      headers:\n        $ref: '#/components/schemas/CloudEventHeaders'\n");
            y.append("      payload:\n        schemaFormat: application/schema+json;version=draft-2020-12\n");
            y.append("        schema:\n          $ref: '../contracts/src/main/resources/").append(t.schemaResource())
                    .append("'\n");
            y.append("      bindings:\n        kafka:\n          key:\n            type: string\n            description: ")
                    .append(quote("the event's " + t.keyField())).append('\n');
        }
        y.append("  schemas:\n    CloudEventHeaders:\n      type: object\n      required: [ce_specversion, ce_id, ce_type, ce_source, ce_time, ce_correlationid]\n");
        y.append("      properties:\n");
        for (String h : List.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject",
                "ce_correlationid", "ce_causationid", "traceparent")) {
            y.append("        ").append(h).append(":\n          type: string\n");
        }
        return y.toString();
    }

    private static void operation(StringBuilder y, Service s, String action, EventType t) {
        y.append("  ").append(s.serviceName()).append('.').append(action).append('.').append(messageId(t)).append(":\n");
        y.append("    action: ").append(action).append('\n');
        y.append("    channel:\n      $ref: '#/channels/").append(channelId(t)).append("'\n");
        y.append("    messages:\n      - $ref: '#/channels/").append(channelId(t)).append("/messages/")
                .append(messageId(t)).append("'\n");
        if (action.equals("receive")) {
            y.append("    description: ").append(quote("consumer group of " + s.serviceName() + "; dead letters to "
                    + dev.compass.contracts.Topics.deadLetter(t.topic(), s.serviceName()))).append('\n');
        }
    }

    static String channelId(EventType t) {
        return t.topic().replace('.', '-');
    }

    static String messageId(EventType t) {
        return t.name().toLowerCase().replace('_', '-');
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---------------------------------------------------------------- Strimzi topics

    static String strimziTopics() {
        StringBuilder y = new StringBuilder(HEADER);
        y.append("# One KafkaTopic per topic of dev.compass.contracts.TopicCatalog, with the reason for its partitions,\n"
                + "# retention and clean-up policy. Replication 3 and min.insync.replicas 2 survive one broker loss.\n");
        for (TopicSpec t : TopicCatalog.all()) {
            y.append("---\napiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n");
            y.append("  name: ").append(t.name().replace('.', '-').toLowerCase()).append('\n');
            y.append("  labels:\n    strimzi.io/cluster: compass\n");
            y.append("  annotations:\n    compass.dev/rationale: ").append(quote(t.rationale())).append('\n');
            y.append("spec:\n  topicName: ").append(t.name()).append('\n');
            y.append("  partitions: ").append(t.partitions()).append("\n  replicas: 3\n  config:\n");
            y.append("    cleanup.policy: ").append(t.cleanupPolicy()).append('\n');
            y.append("    retention.ms: \"").append(t.retentionMs()).append("\"\n");
            if (t.maxMessageBytes() > 0) {
                y.append("    max.message.bytes: \"").append(t.maxMessageBytes()).append("\"\n");
            }
            y.append("    min.insync.replicas: \"2\"\n");
        }
        return y.toString();
    }

    // ---------------------------------------------------------------- Kubernetes

    static String baseKustomization() {
        StringBuilder y = new StringBuilder(HEADER);
        y.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nlabels:\n  - pairs:\n      app.kubernetes.io/part-of: compass\n");
        y.append("resources:\n  - config.yaml\n  - kafka-topics.yaml\n");
        for (Service s : Service.values()) {
            y.append("  - ").append(s.serviceName()).append(".yaml\n");
        }
        return y.toString();
    }

    static String sharedConfig() {
        StringBuilder y = new StringBuilder(HEADER);
        y.append("# Shared, non-secret settings (ConfigMap compass-config, below).\n#\n"
                + "# Two objects `kubectl apply -k` does not create: make them first, outside git, in the overlay's namespace\n"
                + "# (compass-local or compass-production).\n#\n"
                + "# Secret compass-secrets, the keys the Deployments read (secretKeyRef); an optional key left out leaves its\n"
                + "# variable unset, so the service's default applies:\n");
        for (SecretKey k : secretKeys()) {
            y.append(wrapped(String.format("#   %-26s %-9s %s: %s", k.key(), k.optional() ? "optional" : "required",
                    k.services().stream().map(Service::serviceName).collect(Collectors.joining(", "))
                            + (k.variable().equals(k.key()) ? "" : " (" + k.variable() + ")"), k.purpose())));
        }
        y.append(wrapped(String.format("#   %-26s %-9s %s", "GRAPH_*", "optional", "ingestion-service: a SharePoint source's"
                + " client secret, named by its clientSecretEnv; add an env entry (secretKeyRef) for it to the ingestion"
                + " Deployment")));
        y.append("#   The database passwords are those of the roles each service's database is owned by\n"
                + "#   (create role ingestion login password '...'; create database ingestion owner ingestion; likewise the others).\n");
        y.append("#\n#   kubectl -n compass-production create secret generic compass-secrets \\\n");
        List<SecretKey> required = secretKeys().stream().filter(k -> !k.optional()).toList();
        for (int i = 0; i < required.size(); i++) {
            SecretKey k = required.get(i);
            String value = k.key().equals("AUDIT_CHECKPOINT_KEY") ? "\"$(openssl rand -base64 32)\""
                    : "'<password of role " + k.key().replace("_DB_PASSWORD", "").toLowerCase() + ">'";
            y.append("#     --from-literal=").append(k.key()).append('=').append(value)
                    .append(i < required.size() - 1 ? " \\\n" : "\n");
        }
        y.append("#   adding, where used, "
                + secretKeys().stream().filter(SecretKey::optional).map(k -> "--from-literal=" + k.key() + "='...'")
                        .collect(Collectors.joining(" ")) + "\n");
        y.append("#   (a key added later: kubectl -n compass-production patch secret compass-secrets --type merge \\\n"
                + "#     -p '{\"stringData\":{\"COMPASS_LLM_API_KEY\":\"...\"}}', then restart the Deployments that read it:\n"
                + "#     kubectl -n compass-production rollout restart deployment/insight-service deployment/agent-service)\n");
        y.append("#\n# ConfigMap compass-jwt, key public.pem (required, every service): the token issuer's RS256 public key (PEM or\n"
                + "# JWKS), mounted at /etc/compass/jwt and read through MP_JWT_VERIFY_PUBLICKEY_LOCATION below:\n"
                + "#   kubectl -n compass-production create configmap compass-jwt --from-file=public.pem=/path/to/issuer-public.pem\n");
        y.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: compass-config\ndata:\n");
        y.append("  KAFKA_BOOTSTRAP_SERVERS: compass-kafka-bootstrap:9092\n");
        y.append("  JWT_ISSUER: https://login.example.com/compass\n");
        y.append("  JWT_AUDIENCE: compass\n");
        y.append("  MP_JWT_VERIFY_PUBLICKEY_LOCATION: file:/etc/compass/jwt/public.pem\n");
        y.append("  # traces: cdi is Quarkus' own OTLP exporter (to the endpoint below), none turns export off; \"otlp\" is\n"
                + "  # not available (it needs the OpenTelemetry SDK's OkHttp exporter, not shipped) and stops the service\n");
        y.append("  OTEL_TRACES_EXPORTER: cdi\n  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317\n");
        y.append("  # heap share of the container's memory limit (the image's run-java.sh; its default 80 leaves too little for\n"
                + "  # the JIT, metaspace, threads and, in governance and insight, the embedding model's native memory)\n");
        y.append("  JAVA_MAX_MEM_RATIO: \"50\"\n");
        y.append("  # an optional OpenAI-compatible model server; without it answers and agents use deterministic prose\n");
        y.append("  COMPASS_LLM_ENABLED: \"false\"\n  COMPASS_LLM_BASE_URL: http://llm-gateway:8000/v1\n  COMPASS_LLM_MODEL: gpt-4o-mini\n");
        return y.toString();
    }

    static String serviceManifests(Service s) {
        String name = s.serviceName();
        String db = database(s);
        StringBuilder y = new StringBuilder(HEADER);
        y.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ").append(name).append('\n');
        y.append("  labels:\n    app.kubernetes.io/name: ").append(name).append('\n');
        y.append("spec:\n  replicas: 2\n");
        y.append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: ").append(name).append('\n');
        y.append("  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ").append(name).append('\n');
        y.append("      annotations:\n        prometheus.io/scrape: \"true\"\n        prometheus.io/path: /q/metrics\n");
        y.append("        prometheus.io/port: \"").append(s.managementPort()).append("\"\n");
        y.append("    spec:\n");
        y.append("      # preStop sleeps " + PRE_STOP_SLEEP_SECONDS + " s while the Service stops routing to the pod, then SIGTERM: the service stops\n"
                + "      # (in 1-2 s; up to ~25 s when an event waits on an unreachable database) within the rest of the grace period\n");
        y.append("      terminationGracePeriodSeconds: ").append(TERMINATION_GRACE_SECONDS).append('\n');
        y.append("      # Pod Security Standard \"restricted\": the image's user (USER " + RUN_AS_USER + " in src/main/docker/Dockerfile.jvm),\n"
                + "      # no privilege escalation, no capabilities, the runtime's seccomp profile\n");
        y.append("      securityContext:\n        runAsNonRoot: true\n        runAsUser: ").append(RUN_AS_USER).append('\n');
        y.append("        seccompProfile:\n          type: RuntimeDefault\n");
        y.append("      containers:\n");
        y.append("        - name: ").append(name).append('\n');
        y.append("          image: ghcr.io/compass/").append(name).append(":0.1.0\n");
        y.append("          # read-only root filesystem: the service writes only to /tmp (java.io.tmpdir, an emptyDir volume):\n")
                .append(TMP_USE.get(s)).append('\n');
        if (s == Service.INSIGHT) {
            y.append("          # and its search index (INSIGHT_INDEX_DIR, another emptyDir volume)\n");
        }
        y.append("          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n"
                + "            capabilities:\n              drop: [\"ALL\"]\n");
        y.append("          lifecycle:\n            preStop:\n              exec:\n                command: [\"sleep\", \"")
                .append(PRE_STOP_SLEEP_SECONDS).append("\"]\n");
        y.append("          ports:\n            - name: http\n              containerPort: ").append(s.port()).append('\n');
        // health and metrics: probed by the kubelet and scraped by Prometheus on the pod, not exposed by the Service
        y.append("            - name: management\n              containerPort: ").append(s.managementPort()).append('\n');
        y.append("          envFrom:\n            - configMapRef:\n                name: compass-config\n");
        y.append("          env:\n");
        y.append("            - name: PORT\n              value: \"").append(s.port()).append("\"\n");
        y.append("            - name: MANAGEMENT_PORT\n              value: \"").append(s.managementPort()).append("\"\n");
        y.append("            - name: DB_URL\n              value: jdbc:postgresql://compass-postgres:5432/").append(db).append('\n');
        y.append("            - name: DB_USER\n              value: ").append(db).append('\n');
        for (SecretKey k : secretKeys()) {
            if (k.services().contains(s)) {
                y.append("            - name: ").append(k.variable()).append("\n              valueFrom:\n                secretKeyRef:\n"
                        + "                  name: compass-secrets\n                  key: ").append(k.key()).append('\n');
                if (k.optional()) {
                    y.append("                  optional: true\n");
                }
            }
        }
        if (s == Service.INSIGHT) {
            y.append("            - name: INSIGHT_INDEX_DIR\n              value: ").append(INSIGHT_INDEX_DIR).append('\n');
        }
        y.append("          readinessProbe:\n            httpGet:\n              path: /q/health/ready\n              port: management\n"
                + "            periodSeconds: 5\n            failureThreshold: 3\n");
        y.append("          livenessProbe:\n            httpGet:\n              path: /q/health/live\n              port: management\n"
                + "            periodSeconds: 10\n            failureThreshold: 6\n");
        y.append("          startupProbe:\n            httpGet:\n              path: /q/health/started\n              port: management\n"
                + "            periodSeconds: 5\n            failureThreshold: 60\n");
        y.append("          resources:\n            requests:\n              cpu: 500m\n              memory: 768Mi\n");
        y.append("              ephemeral-storage: ").append(quantity(ephemeralRequestMi(s))).append('\n');
        y.append("            limits:\n              memory: 1536Mi\n");
        y.append("              # the emptyDir volumes at their size limits, plus 512Mi for the container's logs\n");
        y.append("              ephemeral-storage: ").append(quantity(ephemeralLimitMi(s))).append('\n');
        y.append("          volumeMounts:\n            - name: jwt\n              mountPath: /etc/compass/jwt\n              readOnly: true\n");
        y.append("            - name: tmp\n              mountPath: /tmp\n");
        if (s == Service.INSIGHT) {
            y.append("            - name: search-index\n              mountPath: ").append(INSIGHT_INDEX_DIR).append('\n');
        }
        y.append("      volumes:\n        - name: jwt\n          configMap:\n            name: compass-jwt\n");
        y.append("        - name: tmp\n          emptyDir:\n            sizeLimit: ").append(quantity(tmpSizeLimitMi(s))).append('\n');
        if (s == Service.INSIGHT) {
            long indexMiB = (long) Math.ceil((double) INDEX_PLANNED_CHUNKS * INDEX_BYTES_PER_CHUNK / (1 << 20));
            y.append(String.format("        # the Lucene index, derived from PostgreSQL and rebuilt from it at start-up when missing (not ready until\n"
                    + "        # then), so a pod's own disk, not a persistent volume. Sized for %,d chunks: %,d bytes per chunk\n"
                    + "        # (docs/bench/insight.md: 165.2 MiB for 100,000) = %,d MiB, times %d at the peak of a rebuild (the previous\n"
                    + "        # index, searched meanwhile, the new segments, their merge into one) plus 20%%. Past that the kubelet\n"
                    + "        # evicts the pod: add ~%.1f GiB per further million chunks (and to the ephemeral-storage limit).%n",
                    INDEX_PLANNED_CHUNKS, INDEX_BYTES_PER_CHUNK, indexMiB, INDEX_REBUILD_COPIES,
                    1_000_000.0 * INDEX_BYTES_PER_CHUNK * INDEX_REBUILD_COPIES * 1.2 / (1L << 30)));
            y.append("        - name: search-index\n          emptyDir:\n            sizeLimit: ").append(quantity(indexSizeLimitMi()))
                    .append('\n');
        }
        y.append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ").append(name).append('\n');
        y.append("spec:\n  selector:\n    app.kubernetes.io/name: ").append(name).append('\n');
        y.append("  ports:\n    - name: http\n      port: ").append(s.port()).append("\n      targetPort: http\n");
        y.append("---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ").append(name).append('\n');
        y.append("spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ").append(name).append('\n');
        y.append("  minReplicas: 2\n  maxReplicas: ").append(maxReplicas(s)).append('\n');
        y.append("  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n"
                + "          type: Utilization\n          averageUtilization: 70\n");
        // at most one instance down at a time; with a single instance a node can still be drained
        y.append("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ").append(name).append('\n');
        y.append("spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ").append(name).append('\n');
        return y.toString();
    }

    /** No more instances than the partitions of the busiest topic the service consumes: extra ones would idle. */
    static int maxReplicas(Service s) {
        int max = 1;
        for (EventType t : EventType.values()) {
            if (t.consumers().contains(s)) {
                max = Math.max(max, TopicCatalog.spec(t.topic()).partitions());
            }
        }
        return Math.min(max, 24);
    }

    static final String LOCAL_MEMORY = """
            # Memory: the heap is JAVA_MAX_MEM_RATIO percent of the limit (run-java.sh; 50 in compass-config), and the rest
            # must hold metaspace (~104 MiB), the JIT's code, thread stacks and buffers, and in governance and insight the
            # in-process embedding model (langchain4j-embeddings: MiniLM, bge-small) in native memory. Measured under ./run,
            # governance: 852 MiB RSS = 432 MiB heap committed + 104 MiB metaspace + ~316 MiB native (the model, JIT code, threads);
            # insight's benchmark (docs/bench/insight.md): 929 MiB RSS at 100,000 chunks, 343 MiB of heap used.
            # - governance-service, insight-service: limit 1280Mi at JAVA_MAX_MEM_RATIO 40 = 512 MiB of heap (above the 432
            #   committed) and 768 MiB outside it (420 measured, the rest for the model's batches and rebuilds); request 1Gi,
            #   the measured RSS rounded up. The former 768Mi was below the 852 MiB measured: killed at the limit.
            # - agent-service, ingestion-service (no model): limit 768Mi at 50 = 384 MiB of heap, 384 MiB outside it.
            """;

    static final String PRODUCTION_MEMORY = """
            # Memory: limit 2Gi at compass-config's JAVA_MAX_MEM_RATIO 50 = 1 GiB of heap and 1 GiB outside it (metaspace,
            # JIT, threads and, in governance and insight, the in-process embedding model: ~420 MiB measured in all).
            """;

    static String overlay(String name, int replicas, int maxReplicas, java.util.function.Function<Service, Memory> memory,
            String comment) {
        StringBuilder y = new StringBuilder(HEADER);
        y.append(comment);
        y.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: compass-").append(name).append('\n');
        y.append("resources:\n  - ../../base\n");
        y.append("patches:\n");
        for (Service s : Service.values()) {
            Memory m = memory.apply(s);
            y.append("  - target:\n      kind: Deployment\n      name: ").append(s.serviceName()).append('\n');
            y.append("    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: ").append(replicas).append('\n');
            y.append("      - op: replace\n        path: /spec/template/spec/containers/0/resources/requests/memory\n        value: ")
                    .append(m.request()).append('\n');
            y.append("      - op: replace\n        path: /spec/template/spec/containers/0/resources/limits/memory\n        value: ")
                    .append(m.limit()).append('\n');
            if (m.heapRatio() != null) {
                // a container's env entry wins over the same name from envFrom (compass-config)
                y.append("      - op: add\n        path: /spec/template/spec/containers/0/env/-\n        value:\n"
                        + "          name: JAVA_MAX_MEM_RATIO\n          value: \"").append(m.heapRatio()).append("\"\n");
            }
            y.append("  - target:\n      kind: HorizontalPodAutoscaler\n      name: ").append(s.serviceName()).append('\n');
            y.append("    patch: |-\n      - op: replace\n        path: /spec/minReplicas\n        value: ").append(replicas).append('\n');
            y.append("      - op: replace\n        path: /spec/maxReplicas\n        value: ")
                    .append(Math.max(replicas, Math.min(maxReplicas, maxReplicas(s)))).append('\n');
        }
        return y.toString();
    }

    // ---------------------------------------------------------------- docker compose

    static String compose() {
        StringBuilder y = new StringBuilder(HEADER);
        y.append("# Build the services first: mvn -B -DskipTests package ; then: docker compose up --build\n");
        y.append("name: compass\nservices:\n");
        y.append("  kafka:\n    image: apache/kafka:4.1.2\n    ports: [\"9092:9092\"]\n    environment:\n"
                + "      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n"
                + "      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093,INTERNAL://:19092\n"
                + "      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092,INTERNAL://kafka:19092\n"
                + "      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT\n"
                + "      KAFKA_INTER_BROKER_LISTENER_NAME: INTERNAL\n"
                + "      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093\n"
                + "      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1\n      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1\n"
                + "      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1\n      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: 0\n"
                + "      KAFKA_LOG_DIRS: /var/lib/kafka/data\n"
                + "    volumes: [\"kafka-data:/var/lib/kafka/data\"]\n"
                + "    healthcheck:\n      test: [\"CMD\", \"/opt/kafka/bin/kafka-topics.sh\", \"--bootstrap-server\", \"kafka:19092\", \"--list\"]\n"
                + "      interval: 5s\n      retries: 30\n");
        y.append("  kafka-topics:\n    image: apache/kafka:4.1.2\n    depends_on:\n      kafka:\n        condition: service_healthy\n"
                + "    volumes: [\"./deploy/compose/create-topics.sh:/create-topics.sh:ro\"]\n"
                + "    entrypoint: [\"/bin/bash\", \"/create-topics.sh\", \"kafka:19092\"]\n");
        y.append("  postgres:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n    environment:\n"
                + "      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: postgres\n"
                + "    volumes: [\"./deploy/compose/init-databases.sql:/docker-entrypoint-initdb.d/init.sql:ro\",\n"
                + "      \"postgres-data:/var/lib/postgresql/data\"]\n"
                + "    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n      interval: 5s\n      retries: 30\n");
        for (Service s : Service.values()) {
            String name = s.serviceName();
            y.append("  ").append(name).append(":\n");
            y.append("    build:\n      context: ./").append(name).append("\n      dockerfile: src/main/docker/Dockerfile.jvm\n");
            y.append("    ports: [\"").append(s.port()).append(':').append(s.port()).append("\", \"")
                    .append(s.managementPort()).append(':').append(s.managementPort()).append("\"]\n");
            y.append("    depends_on:\n      kafka-topics:\n        condition: service_completed_successfully\n"
                    + "      postgres:\n        condition: service_healthy\n");
            y.append("    environment:\n");
            y.append("      PORT: \"").append(s.port()).append("\"\n");
            y.append("      MANAGEMENT_PORT: \"").append(s.managementPort()).append("\"\n");
            y.append("      KAFKA_BOOTSTRAP_SERVERS: kafka:19092\n");
            y.append("      DB_URL: jdbc:postgresql://postgres:5432/").append(database(s)).append('\n');
            y.append("      DB_USER: postgres\n      DB_PASSWORD: postgres\n");
            y.append("      JWT_ISSUER: https://compass.local/dev\n");
            y.append("      JWT_AUDIENCE: compass\n");
            y.append("      MP_JWT_VERIFY_PUBLICKEY_LOCATION: file:/keys/dev-public.pem\n");
            if (s == Service.GOVERNANCE) {
                y.append("      AUDIT_CHECKPOINT_KEY: compose-only-checkpoint-key-change-me\n");
            }
            if (s == Service.INSIGHT) {
                y.append("      INSIGHT_INDEX_DIR: ").append(INSIGHT_INDEX_DIR).append('\n');
                y.append("      # an OpenAI-compatible embedding server instead of the in-process model: passed on from your shell\n"
                        + "      # (or .env) when set there, else the service's defaults apply\n");
                for (String v : List.of("INSIGHT_EMBEDDING_PROVIDER", "INSIGHT_EMBEDDING_BASE_URL", "INSIGHT_EMBEDDING_MODEL",
                        "INSIGHT_EMBEDDING_DIMENSION", "INSIGHT_EMBEDDING_API_KEY")) {
                    y.append("      ").append(v).append(":\n");
                }
                y.append("    volumes: [\"./.run/keys:/keys:ro\", \"insight-index:").append(INSIGHT_INDEX_DIR).append("\"]\n");
            } else {
                y.append("    volumes: [\"./.run/keys:/keys:ro\"]\n");
            }
            y.append("    healthcheck:\n      test: [\"CMD\", \"curl\", \"-fs\", \"http://localhost:").append(s.managementPort())
                    .append("/q/health/ready\"]\n      interval: 5s\n      retries: 60\n");
        }
        y.append("# named volumes outlive docker compose down and a recreated container: the broker's log (every event), the\n"
                + "# databases, and insight's search index (derived from its database, rebuilt at start-up when missing).\n"
                + "# docker compose down -v deletes them all; init-databases.sql runs only on an empty postgres-data.\n");
        y.append("volumes:\n  kafka-data:\n  postgres-data:\n  insight-index:\n");
        return y.toString();
    }

    static String composeTopics() {
        String lines = TopicCatalog.all().stream().map(t -> "create " + t.name() + " " + t.partitions() + " "
                + t.cleanupPolicy() + " " + t.retentionMs() + " " + (t.maxMessageBytes() > 0 ? t.maxMessageBytes()
                : 1048588)).collect(Collectors.joining("\n"));
        return "#!/usr/bin/env bash\n" + HEADER
                + "# Usage: create-topics.sh BOOTSTRAP   Environment: KAFKA_TOPICS (the kafka-topics.sh to run, default\n"
                + "# /opt/kafka/bin/kafka-topics.sh), REPLICATION_FACTOR (default 1; with 3 or more, min.insync.replicas is\n"
                + "# set to 2), KAFKA_CLIENT_CONFIG (a client properties file for a secured cluster: --command-config).\n"
                + "# Create the topics before the services first start: a broker that creates topics on first use would\n"
                + "# give them its default partitions and retention, and --if-not-exists would then keep those.\n"
                + "set -euo pipefail\nBOOTSTRAP=$1\nKAFKA_TOPICS=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}\n"
                + "REPLICATION_FACTOR=${REPLICATION_FACTOR:-1}\nEXTRA=()\n"
                + "[ -n \"${KAFKA_CLIENT_CONFIG:-}\" ] && EXTRA+=(--command-config \"$KAFKA_CLIENT_CONFIG\")\n"
                + "[ \"$REPLICATION_FACTOR\" -ge 3 ] && EXTRA+=(--config min.insync.replicas=2)\n"
                + "create() { \"$KAFKA_TOPICS\" --bootstrap-server \"$BOOTSTRAP\" --create --if-not-exists"
                + " --topic \"$1\" --partitions \"$2\" --replication-factor \"$REPLICATION_FACTOR\" --config cleanup.policy=\"$3\""
                + " --config retention.ms=\"$4\" --config max.message.bytes=\"$5\" \"${EXTRA[@]}\"; }\n"
                + lines + "\n";
    }

    static String initDatabases() {
        StringBuilder sql = new StringBuilder(HEADER.replace("# ", "-- ").replace("#", "--"));
        for (Service s : Service.values()) {
            sql.append("create database ").append(database(s)).append(";\n");
        }
        return sql.toString();
    }
}
