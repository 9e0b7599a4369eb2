package dev.compass.contracts.deploy;

import dev.compass.contracts.EventType;
import dev.compass.contracts.EventType.Service;
import dev.compass.contracts.TopicCatalog;
import dev.compass.contracts.TopicCatalog.TopicSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        files.put("deploy/overlays/local/kustomization.yaml", overlay("local", 1, 1, "256Mi", "768Mi"));
        files.put("deploy/overlays/production/kustomization.yaml", overlay("production", 2, 6, "1Gi", "2Gi"));
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
        y.append("# Shared, non-secret settings. Secrets (database passwords, the model API key) come from the Secret\n"
                + "# compass-secrets, created outside git, e.g.\n"
                + "#   kubectl create secret generic compass-secrets --from-literal=INGESTION_DB_PASSWORD=... \\\n"
                + "#     (one <SERVICE>_DB_PASSWORD per service) --from-literal=AUDIT_CHECKPOINT_KEY=... \\\n"
                + "#     --from-literal=COMPASS_LLM_API_KEY=...\n"
                + "# and the JWT public key from the ConfigMap compass-jwt (key public.pem).\n");
        y.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: compass-config\ndata:\n");
        y.append("  KAFKA_BOOTSTRAP_SERVERS: compass-kafka-bootstrap:9092\n");
        y.append("  JWT_ISSUER: https://login.example.com/compass\n");
        y.append("  JWT_AUDIENCE: compass\n");
        y.append("  MP_JWT_VERIFY_PUBLICKEY_LOCATION: file:/etc/compass/jwt/public.pem\n");
        y.append("  # traces: cdi is Quarkus' own OTLP exporter (to the endpoint below), none turns export off; \"otlp\" is\n"
                + "  # not available (it needs the OpenTelemetry SDK's OkHttp exporter, not shipped) and stops the service\n");
        y.append("  OTEL_TRACES_EXPORTER: cdi\n  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317\n");
        y.append("  # heap share of the container's memory limit (the image's run-java.sh; its default 80 leaves too little for\n"
                + "  # the JIT, metaspace, threads and, in insight, the embedding model's native memory)\n");
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
        y.append("        prometheus.io/port: \"").append(s.port()).append("\"\n");
        y.append("    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n");
        y.append("        - name: ").append(name).append('\n');
        y.append("          image: ghcr.io/compass/").append(name).append(":0.1.0\n");
        y.append("          ports:\n            - name: http\n              containerPort: ").append(s.port()).append('\n');
        y.append("          envFrom:\n            - configMapRef:\n                name: compass-config\n");
        y.append("          env:\n");
        y.append("            - name: PORT\n              value: \"").append(s.port()).append("\"\n");
        y.append("            - name: DB_URL\n              value: jdbc:postgresql://compass-postgres:5432/").append(db).append('\n');
        y.append("            - name: DB_USER\n              value: ").append(db).append('\n');
        y.append("            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
                + "                  name: compass-secrets\n                  key: ").append(db.toUpperCase()).append("_DB_PASSWORD\n");
        y.append("            - name: COMPASS_LLM_API_KEY\n              valueFrom:\n                secretKeyRef:\n"
                + "                  name: compass-secrets\n                  key: COMPASS_LLM_API_KEY\n"
                + "                  optional: true\n");
        if (s == Service.GOVERNANCE) {
            y.append("            - name: AUDIT_CHECKPOINT_KEY\n              valueFrom:\n                secretKeyRef:\n"
                    + "                  name: compass-secrets\n                  key: AUDIT_CHECKPOINT_KEY\n");
        }
        y.append("          readinessProbe:\n            httpGet:\n              path: /q/health/ready\n              port: http\n"
                + "            periodSeconds: 5\n            failureThreshold: 3\n");
        y.append("          livenessProbe:\n            httpGet:\n              path: /q/health/live\n              port: http\n"
                + "            periodSeconds: 10\n            failureThreshold: 6\n");
        y.append("          startupProbe:\n            httpGet:\n              path: /q/health/started\n              port: http\n"
                + "            periodSeconds: 5\n            failureThreshold: 60\n");
        y.append("          resources:\n            requests:\n              cpu: 500m\n              memory: 768Mi\n"
                + "            limits:\n              memory: 1536Mi\n");
        y.append("          volumeMounts:\n            - name: jwt\n              mountPath: /etc/compass/jwt\n              readOnly: true\n");
        y.append("      volumes:\n        - name: jwt\n          configMap:\n            name: compass-jwt\n");
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

    static String overlay(String name, int replicas, int maxReplicas, String memRequest, String memLimit) {
        StringBuilder y = new StringBuilder(HEADER);
        y.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: compass-").append(name).append('\n');
        y.append("resources:\n  - ../../base\n");
        y.append("patches:\n");
        for (Service s : Service.values()) {
            y.append("  - target:\n      kind: Deployment\n      name: ").append(s.serviceName()).append('\n');
            y.append("    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: ").append(replicas).append('\n');
            y.append("      - op: replace\n        path: /spec/template/spec/containers/0/resources/requests/memory\n        value: ")
                    .append(memRequest).append('\n');
            y.append("      - op: replace\n        path: /spec/template/spec/containers/0/resources/limits/memory\n        value: ")
                    .append(memLimit).append('\n');
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
                + "    healthcheck:\n      test: [\"CMD\", \"/opt/kafka/bin/kafka-topics.sh\", \"--bootstrap-server\", \"kafka:19092\", \"--list\"]\n"
                + "      interval: 5s\n      retries: 30\n");
        y.append("  kafka-topics:\n    image: apache/kafka:4.1.2\n    depends_on:\n      kafka:\n        condition: service_healthy\n"
                + "    volumes: [\"./deploy/compose/create-topics.sh:/create-topics.sh:ro\"]\n"
                + "    entrypoint: [\"/bin/bash\", \"/create-topics.sh\", \"kafka:19092\"]\n");
        y.append("  postgres:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n    environment:\n"
                + "      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: postgres\n"
                + "    volumes: [\"./deploy/compose/init-databases.sql:/docker-entrypoint-initdb.d/init.sql:ro\"]\n"
                + "    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n      interval: 5s\n      retries: 30\n");
        for (Service s : Service.values()) {
            String name = s.serviceName();
            y.append("  ").append(name).append(":\n");
            y.append("    build:\n      context: ./").append(name).append("\n      dockerfile: src/main/docker/Dockerfile.jvm\n");
            y.append("    ports: [\"").append(s.port()).append(':').append(s.port()).append("\"]\n");
            y.append("    depends_on:\n      kafka-topics:\n        condition: service_completed_successfully\n"
                    + "      postgres:\n        condition: service_healthy\n");
            y.append("    environment:\n");
            y.append("      PORT: \"").append(s.port()).append("\"\n");
            y.append("      KAFKA_BOOTSTRAP_SERVERS: kafka:19092\n");
            y.append("      DB_URL: jdbc:postgresql://postgres:5432/").append(database(s)).append('\n');
            y.append("      DB_USER: postgres\n      DB_PASSWORD: postgres\n");
            y.append("      JWT_ISSUER: https://compass.local/dev\n");
            y.append("      JWT_AUDIENCE: compass\n");
            y.append("      MP_JWT_VERIFY_PUBLICKEY_LOCATION: file:/keys/dev-public.pem\n");
            if (s == Service.GOVERNANCE) {
                y.append("      AUDIT_CHECKPOINT_KEY: compose-only-checkpoint-key-change-me\n");
            }
            y.append("    volumes: [\"./.run/keys:/keys:ro\"]\n");
            y.append("    healthcheck:\n      test: [\"CMD\", \"curl\", \"-fs\", \"http://localhost:").append(s.port())
                    .append("/q/health/ready\"]\n      interval: 5s\n      retries: 60\n");
        }
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
