package dev.compass.contracts.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.compass.contracts.EventType;
import dev.compass.contracts.EventType.Service;
import dev.compass.contracts.TopicCatalog;
import dev.compass.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, the AsyncAPI document and the contracts agree: every topic, service, port and required
 * variable. The files are generated from the contracts; this test fails when a committed file is stale or when a
 * service's configuration does not read a variable the manifests set.
 */
class GeneratedArtifactsTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void committedFilesMatchTheContracts() throws Exception {
        boolean regenerate = Boolean.getBoolean("compass.regenerate");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> file : DeployArtifacts.all().entrySet()) {
            Path path = ROOT.resolve(file.getKey());
            if (regenerate) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
                if (path.toString().endsWith(".sh")) {
                    path.toFile().setExecutable(true);
                }
            } else if (!Files.exists(path) || !Files.readString(path).equals(file.getValue())) {
                stale.add(file.getKey());
            }
        }
        assertEquals(List.of(), stale, "stale generated files; regenerate with: mvn -B -f contracts/pom.xml test"
                + " -Dtest=GeneratedArtifactsTest -Dcompass.regenerate=true");
    }

    @Test
    void asyncApiDescribesEveryTopicMessageAndOperation() throws Exception {
        JsonNode doc = YAML.readTree(ROOT.resolve("docs/asyncapi.yaml").toFile());
        assertEquals("3.0.0", doc.get("asyncapi").asText());
        Set<String> addresses = new HashSet<>();
        doc.get("channels").forEach(c -> addresses.add(c.get("address").asText()));
        for (EventType t : EventType.values()) {
            assertTrue(addresses.contains(t.topic()), "no channel for " + t.topic());
            JsonNode message = doc.at("/components/messages/" + DeployArtifacts.messageId(t));
            assertEquals(t.ceType(), message.get("name").asText());
            String ref = message.at("/payload/schema/$ref").asText();
            assertTrue(Files.exists(ROOT.resolve("docs").resolve(ref).normalize()), "missing schema " + ref);
            for (Service p : t.producers()) {
                assertTrue(doc.at("/operations").has(p.serviceName() + ".send." + DeployArtifacts.messageId(t)));
            }
            for (Service c : t.consumers()) {
                assertTrue(doc.at("/operations").has(c.serviceName() + ".receive." + DeployArtifacts.messageId(t)));
            }
        }
    }

    @Test
    void everyTopicHasAStrimziResourceWithItsCatalogueSettings() throws Exception {
        Map<String, JsonNode> topics = new java.util.HashMap<>();
        for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(ROOT.resolve("deploy/base/kafka-topics.yaml"))).readAll()) {
            topics.put(doc.at("/spec/topicName").asText(), doc);
        }
        for (TopicCatalog.TopicSpec spec : TopicCatalog.all()) {
            JsonNode t = topics.get(spec.name());
            assertTrue(t != null, "no KafkaTopic for " + spec.name());
            assertEquals(spec.partitions(), t.at("/spec/partitions").asInt());
            assertEquals(spec.cleanupPolicy(), t.at("/spec/config/cleanup.policy").asText());
        }
        assertEquals("compact", topics.get(Topics.AGENTS).at("/spec/config/cleanup.policy").asText());
    }

    @Test
    void composeAndManifestsRunEveryServiceOnItsPortWithTheRequiredVariables() throws Exception {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode config = YAML.readTree(ROOT.resolve("deploy/base/config.yaml").toFile()).get("data");
        for (Service s : Service.values()) {
            JsonNode svc = compose.at("/services/" + s.serviceName());
            assertTrue(!svc.isMissingNode(), "compose lacks " + s.serviceName());
            assertTrue(svc.get("ports").get(0).asText().startsWith(s.port() + ":"));
            assertTrue(svc.get("ports").get(1).asText().startsWith(s.managementPort() + ":"));
            assertTrue(svc.at("/healthcheck/test").toString().contains(":" + s.managementPort() + "/q/health/ready"),
                    s.serviceName() + " compose health check is not on the management port");
            for (String variable : DeployArtifacts.REQUIRED_VARIABLES) {
                assertTrue(svc.at("/environment").has(variable), s.serviceName() + " compose lacks " + variable);
            }
            List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(
                    Files.readString(ROOT.resolve("deploy/base/" + s.serviceName() + ".yaml"))).readAll();
            JsonNode container = docs.get(0).at("/spec/template/spec/containers/0");
            assertEquals(s.port(), container.at("/ports/0/containerPort").asInt());
            Set<String> env = new HashSet<>();
            container.get("env").forEach(e -> env.add(e.get("name").asText()));
            config.fieldNames().forEachRemaining(env::add);
            for (String variable : DeployArtifacts.REQUIRED_VARIABLES) {
                assertTrue(env.contains(variable), s.serviceName() + " manifest lacks " + variable);
            }
            assertEquals(s.managementPort(), container.at("/ports/1/containerPort").asInt());
            assertEquals("management", container.at("/ports/1/name").asText());
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertEquals("management", container.at("/" + probe + "/httpGet/port").asText(),
                        s.serviceName() + " " + probe + " is not on the management port");
            }
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
            assertEquals(Integer.toString(s.managementPort()),
                    docs.get(0).at("/spec/template/metadata/annotations/prometheus.io~1port").asText());
            // the Service exposes the API only
            assertEquals(1, docs.get(1).at("/spec/ports").size(), s.serviceName() + " Service exposes more than the API");
            Path properties = ROOT.resolve(s.serviceName()).resolve("src/main/resources/application.properties");
            if (Files.exists(properties)) {
                String text = Files.readString(properties);
                for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS", "DB_URL", "DB_USER", "DB_PASSWORD", "JWT_ISSUER")) {
                    assertTrue(text.contains("${" + variable), s.serviceName() + " does not read " + variable);
                }
                assertTrue(text.contains("${PORT:" + s.port() + "}"), s.serviceName() + " does not listen on " + s.port());
                assertTrue(text.contains("quarkus.management.enabled=true")
                        && text.contains("quarkus.management.port=${MANAGEMENT_PORT:" + s.managementPort() + "}"),
                        s.serviceName() + " does not serve health and metrics on " + s.managementPort());
            }
        }
    }

    // ---------------------------------------------------------------- what the operations review asked for

    /** Variables a Deployment or the compose file sets that something other than application.properties reads. */
    static final Set<String> READ_BY_THE_RUNTIME = Set.of(
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", // MicroProfile JWT's mp.jwt.verify.publickey.location
            "JAVA_MAX_MEM_RATIO"); // the image's run-java.sh
    /** Seconds a service may take to stop after SIGTERM: agent-service, the slowest, takes up to ~16 s. */
    static final int STOP_BUDGET_SECONDS = 30;

    static JsonNode deployment(Service s) throws IOException {
        return YAML.readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(ROOT.resolve("deploy/base/" + s.serviceName() + ".yaml"))).readAll().get(0);
    }

    static String properties(Service s) throws IOException {
        return Files.readString(ROOT.resolve(s.serviceName()).resolve("src/main/resources/application.properties"));
    }

    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        return env;
    }

    /** Mebibytes of a Kubernetes quantity (Ki, Mi, Gi, Ti or plain bytes). */
    static long mib(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti)?").matcher(quantity);
        assertTrue(m.matches(), "unexpected quantity " + quantity);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> n / 1024;
            case "Mi" -> n;
            case "Gi" -> n * 1024;
            case "Ti" -> n * 1024 * 1024;
            default -> n / (1 << 20);
        };
    }

    /** Volume name → the volume, for a pod spec. */
    static Map<String, JsonNode> volumes(JsonNode pod) {
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.get("volumes").forEach(v -> volumes.put(v.get("name").asText(), v));
        return volumes;
    }

    /** Whether {@code path} lies on an emptyDir volume mounted in the container. */
    static boolean onEmptyDir(JsonNode pod, JsonNode container, String path) {
        Map<String, JsonNode> volumes = volumes(pod);
        for (JsonNode mount : container.get("volumeMounts")) {
            String at = mount.get("mountPath").asText();
            boolean emptyDir = volumes.get(mount.get("name").asText()).has("emptyDir");
            if (emptyDir && !mount.path("readOnly").asBoolean() && (path.equals(at) || path.startsWith(at + "/"))) {
                return true;
            }
        }
        return false;
    }

    /** The numeric USER a Dockerfile ends with. */
    static int dockerfileUser(Service s) throws IOException {
        String user = null;
        for (String line : Files.readAllLines(ROOT.resolve(s.serviceName()).resolve("src/main/docker/Dockerfile.jvm"))) {
            if (line.startsWith("USER ")) {
                user = line.substring(5).trim();
            }
        }
        assertTrue(user != null && user.matches("\\d+"), s.serviceName() + "'s image must end with a numeric USER (runAsNonRoot"
                + " cannot check a name): " + user);
        return Integer.parseInt(user);
    }

    @Test
    void podsMeetThePodSecurityRestrictedStandardAsTheImagesUser() throws Exception {
        for (Service s : Service.values()) {
            int user = dockerfileUser(s);
            assertEquals(DeployArtifacts.RUN_AS_USER, user, s.serviceName() + ": runAsUser differs from the image's USER");
            JsonNode pod = deployment(s).at("/spec/template/spec");
            String name = s.serviceName();
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), name);
            assertEquals(user, pod.at("/securityContext/runAsUser").asInt(-1), name);
            assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText(), name);
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                assertFalse(pod.path(host).asBoolean(), name + " " + host);
            }
            volumes(pod).values().forEach(v -> assertFalse(v.has("hostPath"), name + " mounts a hostPath"));
            for (JsonNode c : pod.get("containers")) {
                JsonNode sc = c.get("securityContext");
                assertTrue(sc != null && sc.has("allowPrivilegeEscalation") && !sc.get("allowPrivilegeEscalation").asBoolean(),
                        name + ": allowPrivilegeEscalation must be false");
                assertFalse(sc.path("privileged").asBoolean(), name);
                Set<String> dropped = new HashSet<>();
                sc.at("/capabilities/drop").forEach(d -> dropped.add(d.asText()));
                assertTrue(dropped.contains("ALL"), name + " must drop ALL capabilities");
                assertTrue(sc.at("/capabilities/add").isMissingNode(), name + " adds capabilities");
                if (sc.path("readOnlyRootFilesystem").asBoolean()) {
                    // every place the service writes: java.io.tmpdir and every directory a variable names
                    assertTrue(onEmptyDir(pod, c, "/tmp"), name + ": read-only root but /tmp is not an emptyDir");
                    for (Map.Entry<String, JsonNode> e : env(c).entrySet()) {
                        if (e.getKey().endsWith("_DIR")) {
                            assertTrue(onEmptyDir(pod, c, e.getValue().get("value").asText()),
                                    name + ": read-only root but " + e.getKey() + " is not on an emptyDir");
                        }
                    }
                }
                // the kubelet evicts a pod whose emptyDirs and logs pass the sum of its containers' limits
                long emptyDirs = 0;
                for (JsonNode v : volumes(pod).values()) {
                    if (v.has("emptyDir")) {
                        assertTrue(v.at("/emptyDir/sizeLimit").isTextual(), name + ": emptyDir " + v.get("name") + " has no sizeLimit");
                        emptyDirs += mib(v.at("/emptyDir/sizeLimit").asText());
                    }
                }
                long request = mib(c.at("/resources/requests/ephemeral-storage").asText("0"));
                long limit = mib(c.at("/resources/limits/ephemeral-storage").asText("0"));
                assertTrue(request > 0 && request <= limit, name + ": ephemeral-storage request " + request + " limit " + limit);
                assertTrue(limit >= emptyDirs, name + ": ephemeral-storage limit below its emptyDir volumes");
            }
        }
    }

    @Test
    void insightsSearchIndexLivesOnAVolumeThatHoldsARebuild() throws Exception {
        String dir = DeployArtifacts.INSIGHT_INDEX_DIR;
        assertTrue(properties(Service.INSIGHT).contains("${INSIGHT_INDEX_DIR"), "insight no longer reads INSIGHT_INDEX_DIR");
        JsonNode pod = deployment(Service.INSIGHT).at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");
        assertEquals(dir, env(c).get("INSIGHT_INDEX_DIR").get("value").asText());
        assertTrue(onEmptyDir(pod, c, dir), "the index is not on an emptyDir");
        JsonNode volume = null;
        for (JsonNode mount : c.get("volumeMounts")) {
            if (mount.get("mountPath").asText().equals(dir)) {
                volume = volumes(pod).get(mount.get("name").asText());
            }
        }
        assertTrue(volume != null, "no volume mounted at " + dir);
        long needed = DeployArtifacts.INDEX_PLANNED_CHUNKS * DeployArtifacts.INDEX_BYTES_PER_CHUNK
                * DeployArtifacts.INDEX_REBUILD_COPIES / (1 << 20);
        assertTrue(mib(volume.at("/emptyDir/sizeLimit").asText()) >= needed, "the index volume cannot hold a rebuild");

        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode insight = compose.at("/services/insight-service");
        assertEquals(dir, insight.at("/environment/INSIGHT_INDEX_DIR").asText());
        assertTrue(namedVolumeAt(compose, insight, dir), "compose: insight's index is not on a named volume");
        String dockerfile = Files.readString(ROOT.resolve("insight-service/src/main/docker/Dockerfile.jvm"));
        // a named volume takes the owner of the image's directory: without it, root would own it
        assertTrue(dockerfile.contains("mkdir -p " + dir) && dockerfile.contains("chown -R " + DeployArtifacts.RUN_AS_USER),
                "insight's image must make " + dir + " owned by its user");
        assertTrue(dockerfile.contains("ENV INSIGHT_INDEX_DIR=" + dir), "insight's image must point INSIGHT_INDEX_DIR at " + dir);
    }

    /** Whether a compose service mounts a named volume, declared at the top level, at {@code path}. */
    static boolean namedVolumeAt(JsonNode compose, JsonNode service, String path) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(path) && compose.path("volumes").has(parts[0])) {
                return true;
            }
        }
        return false;
    }

    @Test
    void composeKeepsTheBrokersAndDatabasesDataInNamedVolumes() throws Exception {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode kafka = compose.at("/services/kafka");
        String logDirs = kafka.at("/environment/KAFKA_LOG_DIRS").asText();
        assertFalse(logDirs.isEmpty(), "the broker's log dirs default to /tmp in the apache/kafka image");
        assertTrue(namedVolumeAt(compose, kafka, logDirs), "Kafka's log dirs are not on a named volume");
        // PGDATA of the postgres image (16: /var/lib/postgresql/data)
        assertTrue(compose.at("/services/postgres/image").asText().matches("postgres:1[4-7].*"));
        assertTrue(namedVolumeAt(compose, compose.at("/services/postgres"), "/var/lib/postgresql/data"),
                "PostgreSQL's data is not on a named volume");
        assertTrue(compose.at("/services/governance-service/environment/AUDIT_CHECKPOINT_KEY").asText().length() >= 16,
                "governance refuses a checkpoint key shorter than 16 characters");
    }

    @Test
    void secretsAreInjectedWhereTheServicesReadThemAndListedWithTheCommandsThatCreateThem() throws Exception {
        String config = Files.readString(ROOT.resolve("deploy/base/config.yaml"));
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        Set<String> secretVariables = new HashSet<>();
        DeployArtifacts.secretKeys().forEach(k -> secretVariables.add(k.variable()));
        for (Service s : Service.values()) {
            String props = properties(s);
            JsonNode pod = deployment(s).at("/spec/template/spec");
            Map<String, JsonNode> env = env(pod.at("/containers/0"));
            for (Map.Entry<String, JsonNode> e : env.entrySet()) {
                String variable = e.getKey();
                assertTrue(props.contains("${" + variable) || READ_BY_THE_RUNTIME.contains(variable),
                        s.serviceName() + " is given " + variable + ", which it does not read");
                JsonNode ref = e.getValue().at("/valueFrom/secretKeyRef");
                if (!ref.isMissingNode()) {
                    String key = ref.get("key").asText();
                    boolean optional = ref.path("optional").asBoolean();
                    assertTrue(config.contains("create secret generic " + ref.get("name").asText()),
                            "config.yaml does not say how to create the Secret " + ref.get("name").asText());
                    Matcher listed = Pattern.compile("(?m)^#\\s+" + Pattern.quote(key) + "\\s+(required|optional)\\s").matcher(config);
                    assertTrue(listed.find(), "config.yaml does not list the secret key " + key);
                    assertEquals(optional ? "optional" : "required", listed.group(1), key);
                    if (!optional) {
                        assertTrue(config.contains("--from-literal=" + key + "="), "the create command lacks " + key);
                    }
                }
            }
            for (String variable : secretVariables) {
                if (props.contains("${" + variable)) {
                    assertTrue(env.containsKey(variable), s.serviceName() + " reads " + variable + " but is not given it");
                }
            }
            compose.at("/services/" + s.serviceName() + "/environment").fieldNames().forEachRemaining(variable ->
                    assertTrue(props.contains("${" + variable) || READ_BY_THE_RUNTIME.contains(variable),
                            "compose gives " + s.serviceName() + " " + variable + ", which it does not read"));
            // ConfigMaps the base does not define are made by hand: the comment says how, with the key the service reads
            for (JsonNode v : volumes(pod).values()) {
                if (v.has("configMap")) {
                    String map = v.at("/configMap/name").asText();
                    Matcher created = Pattern.compile("create configmap " + Pattern.quote(map) + " --from-file=([^=\\s]+)=")
                            .matcher(config);
                    assertTrue(created.find(), "config.yaml does not say how to create the ConfigMap " + map);
                    String mountPath = null;
                    for (JsonNode mount : pod.at("/containers/0/volumeMounts")) {
                        if (mount.get("name").asText().equals(v.get("name").asText())) {
                            mountPath = mount.get("mountPath").asText();
                        }
                    }
                    JsonNode data = YAML.readTree(ROOT.resolve("deploy/base/config.yaml").toFile()).get("data");
                    assertEquals("file:" + mountPath + "/" + created.group(1), data.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").asText(),
                            "the key the command creates is not the file the services read");
                }
            }
        }
        assertTrue(config.contains("AUDIT_CHECKPOINT_KEY=\"$(openssl rand -base64 32)\""));
    }

    @Test
    void aStoppingPodLeavesTheServiceBeforeItIsSignalledAndHasTimeToStop() throws Exception {
        for (Service s : Service.values()) {
            JsonNode pod = deployment(s).at("/spec/template/spec");
            JsonNode command = pod.at("/containers/0/lifecycle/preStop/exec/command");
            // an exec of the image's sleep: the lifecycle sleep action is GA only from Kubernetes 1.34
            assertEquals(List.of("sleep", String.valueOf(DeployArtifacts.PRE_STOP_SLEEP_SECONDS)),
                    YAML.convertValue(command, List.class), s.serviceName());
            int grace = pod.get("terminationGracePeriodSeconds").asInt();
            assertTrue(grace - DeployArtifacts.PRE_STOP_SLEEP_SECONDS >= STOP_BUDGET_SECONDS,
                    s.serviceName() + ": " + grace + " s of grace leave too little after the preStop sleep");
        }
    }

    @Test
    void overlaysPatchWhatTheBaseHasAndGiveTheEmbeddingModelItsMemory() throws Exception {
        Set<Service> withModel = EnumSet.noneOf(Service.class);
        for (Service s : Service.values()) {
            if (Files.readString(ROOT.resolve(s.serviceName()).resolve("pom.xml")).contains("langchain4j-embeddings")) {
                withModel.add(s);
            }
        }
        assertEquals(withModel, DeployArtifacts.EMBEDDING_MODEL_SERVICES, "services loading an embedding model (their pom)");
        int sharedRatio = YAML.readTree(ROOT.resolve("deploy/base/config.yaml").toFile()).at("/data/JAVA_MAX_MEM_RATIO").asInt();
        for (String overlay : List.of("base", "local", "production")) {
            Map<String, JsonNode> deployments = new HashMap<>();
            for (Service s : Service.values()) {
                deployments.put(s.serviceName(), deployment(s).deepCopy());
            }
            if (!overlay.equals("base")) {
                JsonNode k = YAML.readTree(ROOT.resolve("deploy/overlays/" + overlay + "/kustomization.yaml").toFile());
                for (JsonNode patch : k.get("patches")) {
                    if (patch.at("/target/kind").asText().equals("Deployment")) {
                        JsonNode d = deployments.get(patch.at("/target/name").asText());
                        for (JsonNode op : YAML.readTree(patch.get("patch").asText())) {
                            applyPatch(d, op, overlay);
                        }
                    }
                }
            }
            for (Service s : Service.values()) {
                JsonNode c = deployments.get(s.serviceName()).at("/spec/template/spec/containers/0");
                long request = mib(c.at("/resources/requests/memory").asText());
                long limit = mib(c.at("/resources/limits/memory").asText());
                JsonNode ratioEnv = env(c).get("JAVA_MAX_MEM_RATIO");
                int ratio = ratioEnv == null ? sharedRatio : ratioEnv.get("value").asInt();
                long heap = limit * ratio / 100;
                String what = overlay + " " + s.serviceName() + ": limit " + limit + " MiB, heap " + heap + " MiB";
                assertTrue(request <= limit, what);
                if (withModel.contains(s)) {
                    assertTrue(limit >= 1024, what);
                    assertTrue(heap >= DeployArtifacts.MODEL_SERVICE_HEAP_MIB, what + ": less heap than governance commits");
                    assertTrue(limit - heap >= DeployArtifacts.MODEL_SERVICE_NON_HEAP_MIB * 3 / 2,
                            what + ": too little room outside the heap for the model");
                }
            }
        }
    }

    /** One JSON patch operation (add or replace, as kustomize applies them); a replace needs the path to exist. */
    static void applyPatch(JsonNode document, JsonNode op, String overlay) {
        String path = op.get("path").asText();
        String[] parts = path.substring(1).split("/");
        JsonNode parent = document;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.isArray() ? parent.path(Integer.parseInt(parts[i])) : parent.path(parts[i]);
            assertFalse(parent.isMissingNode(), overlay + " patches " + path + ", which the base does not have");
        }
        String last = parts[parts.length - 1];
        String kind = op.get("op").asText();
        JsonNode value = op.get("value");
        if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                assertEquals("add", kind, path);
                array.add(value);
            } else {
                int i = Integer.parseInt(last);
                assertTrue(i < array.size(), overlay + " patches " + path + ", which the base does not have");
                if (kind.equals("replace")) {
                    array.set(i, value);
                } else {
                    array.insert(i, value);
                }
            }
        } else {
            ObjectNode object = (ObjectNode) parent;
            assertTrue(kind.equals("add") || object.has(last), overlay + " replaces " + path + ", which the base does not have");
            object.set(last, value);
        }
    }
}
