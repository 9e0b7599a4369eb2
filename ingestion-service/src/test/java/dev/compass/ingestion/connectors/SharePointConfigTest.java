package dev.compass.ingestion.connectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.schema.EventJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sharepoint source's config is checked against the service's environment: its secret variable must hold one. */
class SharePointConfigTest {
    private static final List<String> HOSTS = List.of("login.microsoftonline.com", "graph.microsoft.com");

    static JsonNode config(String variable) throws Exception {
        return EventJson.mapper().readTree("{\"tokenUrl\":\"https://login.microsoftonline.com/t/oauth2/v2.0/token\","
                + "\"clientId\":\"app\",\"clientSecretEnv\":\"" + variable + "\"}");
    }

    @Test
    void theSecretVariableMustBeSetAndNotEmpty() throws Exception {
        Map<String, String> env = Map.of("GRAPH_SET", "s3cret", "GRAPH_EMPTY", "", "GRAPH_BLANK", "  ",
                "DB_PASSWORD", "hunter2");
        assertDoesNotThrow(() -> SharePointConnector.validate(config("GRAPH_SET"), HOSTS, "GRAPH_", env::get));
        for (String variable : List.of("GRAPH_UNSET", "GRAPH_EMPTY", "GRAPH_BLANK")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SharePointConnector.validate(config(variable), HOSTS, "GRAPH_", env::get));
            assertEquals("clientSecretEnv: " + variable + " is not set in the service's environment (or is empty):"
                    + " set it to the client secret where the service runs", e.getMessage());
        }
        // a variable outside the prefix is refused for that, set or not, and its value is never read into a message
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharePointConnector.validate(config("DB_PASSWORD"), HOSTS, "GRAPH_", env::get));
        assertEquals("clientSecretEnv: must name an environment variable starting with GRAPH_"
                + " (compass.ingestion.graph.secret-env-prefix)", e.getMessage());
    }
}
