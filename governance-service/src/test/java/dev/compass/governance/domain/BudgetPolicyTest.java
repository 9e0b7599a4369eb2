package dev.compass.governance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.events.BudgetProposal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget policy as a finance approver reads its reasons. */
class BudgetPolicyTest {
    static final BudgetPolicy V1 = new BudgetPolicy(1, 50_000, "EUR", 0.2, true, 172_800);

    static BudgetProposal proposal(String from, String to, double amount, double fromLine, double current,
            double next) {
        return proposal("EUR", from, to, amount, fromLine, current, next);
    }

    static BudgetProposal proposal(String currency, String from, String to, double amount, double fromLine,
            double current, double next) {
        return new BudgetProposal("p-" + amount, "c", "Cardiozen", "DE", null, currency, "fin", "com", null,
                List.of(new BudgetProposal.Move(from, to, "PRINT", "DIGITAL", amount, fromLine)), amount,
                (next - current) * amount, 0, 0, current, next, "r", "corr", null, Instant.now());
    }

    @Test
    void reasonsShowAmountsWithGroupingAndAtMostTwoDecimalsNotJavaDoubles() {
        BudgetPolicy big = new BudgetPolicy(2, 10_000_000, "EUR", 0.2, true, 172_800);
        String reason = String.join("; ", big.evaluate(proposal("print", "tv", 12_345_678.456, 100_000_000, 1.9,
                1.85), "ACTIVE").reasons());
        assertTrue(reason.contains("amount EUR 12,345,678.46 exceeds the automatic limit EUR 10,000,000"), reason);
        assertTrue(reason.contains("the projected return falls from 1.9 to 1.85"), reason);
        assertTrue(reason.contains("the projected gain is negative (EUR -617,283.92)"), reason);
        String small = String.join("; ", V1.evaluate(proposal("print", "tv", 60_000, 100_000, 1.8, 1.9), "ACTIVE")
                .reasons());
        assertEquals("amount EUR 60,000 exceeds the automatic limit EUR 50,000; moves 60.0% out of line print (limit"
                + " 20.0%)", small);
        assertTrue(!small.contains("E7") && !small.contains(".0 "), small);
    }

    @Test
    void earlierAutomaticApprovalsOnTheLineCountTowardsTheLimits() {
        List<BudgetPolicy.EarlierMove> two = List.of(new BudgetPolicy.EarlierMove("p1", "print", "tv", 40_000, 374_000),
                new BudgetPolicy.EarlierMove("p2", "print", "tv", 40_000, 334_000));
        BudgetPolicy.Evaluation third = V1.evaluate(proposal("print", "online", 40_000, 294_000, 1.8, 1.9), "ACTIVE",
                two);
        assertEquals(BudgetPolicy.Outcome.WAIT, third.outcome());
        assertEquals(List.of("with 2 earlier automatic approvals on line print, EUR 120,000 would move out of or into"
                + " print without a person deciding (automatic limit EUR 50,000)", "with 2 earlier automatic approvals"
                + " on line print, EUR 120,000 of print's EUR 374,000 (32.1%) would move out of it without a person"
                + " deciding (limit 20.0%)"), third.reasons());
        // alone, or next to moves of other lines, the same proposal is within the policy
        assertEquals(BudgetPolicy.Outcome.APPROVE, V1.evaluate(proposal("print", "online", 40_000, 294_000, 1.8, 1.9),
                "ACTIVE", List.of(new BudgetPolicy.EarlierMove("p3", "radio", "tv", 40_000, 374_000))).outcome());
    }

    @Test
    void aProposalInAnotherCurrencyThanTheLimitsWaitsForAPersonHoweverSmall() {
        // 10,000 of 200,000 (5%), the return rises: within every limit of V1 (50,000 EUR, 20%)
        BudgetPolicy.Evaluation gbp = V1.evaluate(proposal("GBP", "print", "tv", 10_000, 200_000, 1.8, 1.9),
                "ACTIVE");
        assertEquals(BudgetPolicy.Outcome.WAIT, gbp.outcome());
        assertEquals(List.of("the proposal's amounts are in GBP; the automatic limits are in EUR: a person decides"),
                gbp.reasons());
        // the same in the policy's currency, or without one (an agent that predates it: the policy's), is approved
        assertEquals(BudgetPolicy.Outcome.APPROVE,
                V1.evaluate(proposal("EUR", "print", "tv", 10_000, 200_000, 1.8, 1.9), "ACTIVE").outcome());
        assertEquals(BudgetPolicy.Outcome.APPROVE,
                V1.evaluate(proposal(null, "print", "tv", 10_000, 200_000, 1.8, 1.9), "ACTIVE").outcome());
        // under a policy in GBP it is the EUR proposal that waits
        BudgetPolicy pounds = new BudgetPolicy(3, 50_000, "GBP", 0.2, true, 172_800);
        assertEquals(BudgetPolicy.Outcome.APPROVE,
                pounds.evaluate(proposal("GBP", "print", "tv", 10_000, 200_000, 1.8, 1.9), "ACTIVE").outcome());
        assertEquals(BudgetPolicy.Outcome.WAIT,
                pounds.evaluate(proposal("EUR", "print", "tv", 10_000, 200_000, 1.8, 1.9), "ACTIVE").outcome());
        // a large one in another currency is not measured against the limit in EUR, but its share still is
        BudgetPolicy.Evaluation large = V1.evaluate(proposal("GBP", "print", "tv", 60_000, 100_000, 1.8, 1.9),
                "ACTIVE");
        assertEquals(BudgetPolicy.Outcome.WAIT, large.outcome());
        assertEquals(List.of("the proposal's amounts are in GBP; the automatic limits are in EUR: a person decides",
                "moves 60.0% out of line print (limit 20.0%)"), large.reasons());
        // an agent that is not active is still refused, whatever the currency
        assertEquals(BudgetPolicy.Outcome.REJECT,
                V1.evaluate(proposal("GBP", "print", "tv", 10_000, 200_000, 1.8, 1.9), "SUSPENDED").outcome());
    }
}
