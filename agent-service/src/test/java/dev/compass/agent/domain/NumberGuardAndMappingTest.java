package dev.compass.agent.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.compass.contracts.events.MixModelEvent;
import dev.compass.mixmodel.ChannelCurve;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumberGuardAndMappingTest {

    @Test
    void theGuardAcceptsToolNumbersWithinRoundingAndCatchesInventedOnes() {
        List<Double> known = NumberGuard.knownFrom("funded amount 50,000.00; net gain 12,345.67; roi 1.85");
        assertEquals(List.of(), NumberGuard.unsupported("Finance funds 50,000 for a gain of 12,346 (ROI 1.85).", known));
        assertEquals(List.of(), NumberGuard.unsupported("A gain of 12,345.67 at 1.9", known));
        assertEquals(List.of("999,999"), NumberGuard.unsupported("This saves 999,999 EUR and 50,000.00.", known));
        assertEquals(List.of("12,345.6"), NumberGuard.unsupported("a gain of 12,345.6", known));
    }

    @Test
    void aChannelWithTheDocumentedCurveKeysRebuildsTheSameCurve() {
        MixModelEvent.Channel hill = new MixModelEvent.Channel("tv", 520_000, 10_000, 900_000, 0.4, 1.7, 1.3, 2.1, 1.5,
                0.6, null, Map.of("decay", 0.5, "saturationType", "HILL", "halfSaturation", 8_000.0, "shape", 0.8,
                        "coefficient", 30_000.0, "meanWeeklySpend", 10_000.0), null);
        ChannelCurve c = MixModelEvents.toCurve(hill);
        assertEquals(0.5, c.decay());
        assertEquals(30_000.0 * Math.pow(10_000, 0.8) / (Math.pow(10_000, 0.8) + Math.pow(8_000, 0.8)),
                c.response(10_000), 1e-6);
        MixModelEvent.Channel logistic = new MixModelEvent.Channel("search", 100, 2_000, 10, 0.1, 1, 1, 1, 1, 0.2,
                Map.of("lambda", 0.0005), Map.of("coefficient", 5_000.0), null);
        ChannelCurve l = MixModelEvents.toCurve(logistic);
        assertEquals("LOGISTIC", l.saturation().type());
        assertEquals(2_000, l.meanWeeklySpend());
        assertEquals(0.2, l.decay());
        MixModelEvent.Channel noCoefficient = new MixModelEvent.Channel("x", 1, 1, 1, 1, 1, 1, 1, 1, 0,
                Map.of("lambda", 0.1), Map.of(), null);
        assertThrows(IllegalArgumentException.class, () -> MixModelEvents.toCurve(noCoefficient));
    }
}
