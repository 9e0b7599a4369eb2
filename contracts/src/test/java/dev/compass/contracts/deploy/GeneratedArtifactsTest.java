package dev.compass.contracts.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.compass.contracts.EventType;
import dev.compass.contracts.EventType.Service;
import dev.compass.contracts.TopicCatalog;
import dev.compass.contracts.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
            Path properties = ROOT.resolve(s.serviceName()).resolve("src/main/resources/application.properties");
            if (Files.exists(properties)) {
                String text = Files.readString(properties);
                for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS", "DB_URL", "DB_USER", "DB_PASSWORD", "JWT_ISSUER")) {
                    assertTrue(text.contains("${" + variable), s.serviceName() + " does not read " + variable);
                }
                assertTrue(text.contains("${PORT:" + s.port() + "}"), s.serviceName() + " does not listen on " + s.port());
            }
        }
    }
}
