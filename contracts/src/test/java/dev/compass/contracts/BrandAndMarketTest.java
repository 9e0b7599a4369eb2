package dev.compass.contracts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrandAndMarketTest {

    @Test
    void acceptsTheNamesOfBrandsAndMarkets() {
        for (String ok : new String[] {"DE", "Cardiozen", "Brand X", "DE/AT", "Pfizer & Co.", "R+D (EU)", "a",
                "x".repeat(100)}) {
            assertTrue(BrandAndMarket.valid(ok), ok);
        }
    }

    @Test
    void refusesWhatWouldBreakKeysOrNotMatchLater() {
        for (String bad : new String[] {"", " DE", "DE ", "Brand|X", "-DE", "Brandé", "x".repeat(101), "a\nb",
                "a\tb"}) {
            assertFalse(BrandAndMarket.valid(bad), bad);
        }
    }
}
