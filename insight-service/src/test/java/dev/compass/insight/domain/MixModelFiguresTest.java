package dev.compass.insight.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.contracts.schema.EventJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The safety net before a model is stored or published: every figure a JSON number. */
class MixModelFiguresTest {

    @Test
    void everyFigureThatIsNotAFiniteNumberIsNamedByItsPointer() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode event = json.createObjectNode().put("baselineShare", Double.NaN).put("kpi", "revenue");
        event.putArray("channels").addObject().put("channel", "tv").put("roi", 1.5);
        ((ObjectNode) event.get("channels").get(0)).put("mroi", Double.POSITIVE_INFINITY);
        event.withArray("channels").addObject().put("channel", "search").put("roi", "-Infinity");
        assertEquals(List.of("/baselineShare", "/channels/0/mroi", "/channels/1/roi"),
                MixModels.nonFinite(event, "", new ArrayList<>()));
        // the mapper that publishes events (the one the check reads with) keeps them, as numbers or strings
        assertEquals(List.of("/r2"), MixModels.nonFinite(EventJson.mapper().valueToTree(new Fit(Double.NaN, 0.1)), "",
                new ArrayList<>()));
    }

    record Fit(double r2, double mape) {}
}
