package dev.compass.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Weekly spend and sales for two brands in three markets, simulated with known adstock, saturation and coefficients,
 * and deliberately misallocated: print is saturated and over-funded, search is under-funded with a high marginal return.
 * Search's headroom is large enough that the French request (sized where its marginal ROI falls to the hurdle) is
 * above the budget policy's automatic limit, so the story has one proposal that waits for a person.
 */
final class DemoDatasets {
    private DemoDatasets() {}

    static final String[] CHANNELS = {"tv", "print", "search", "social", "field_force"};
    // per channel: adstock decay, half-saturation as a multiple of mean spend, weekly coefficient (k EUR), mean spend
    private static final double[][] TRUTH = {
        {0.6, 1.0, 60, 40},
        {0.3, 0.3, 20, 35},
        {0.2, 2.0, 100, 10},
        {0.3, 1.5, 30, 8},
        {0.5, 0.8, 150, 60},
    };

    record Dataset(String brand, String market, String csv, double[] weeklySpend) {}

    static List<Dataset> all() {
        List<Dataset> sets = new ArrayList<>();
        String[] brands = {"Cardiozen", "Oncovia"};
        String[] markets = {"DE", "FR", "ES"};
        double[] scale = {1.0, 0.8, 0.6};
        long seed = 20261129;
        for (int b = 0; b < brands.length; b++) {
            for (int m = 0; m < markets.length; m++) {
                sets.add(simulate(brands[b], markets[m], scale[m] * (b == 0 ? 1.0 : 0.7), seed + 10L * b + m));
            }
        }
        return sets;
    }

    static Dataset simulate(String brand, String market, double scale, long seed) {
        Random random = new Random(seed);
        int weeks = 156;
        LocalDate start = LocalDate.of(2023, 10, 2);
        StringBuilder csv = new StringBuilder("date,revenue,").append(String.join(",", CHANNELS)).append(",price_index\n");
        double[] adstock = new double[CHANNELS.length];
        double[] meanSpend = new double[CHANNELS.length];
        for (int t = 0; t < weeks; t++) {
            double revenue = 600_000 * scale * (1 + 0.0008 * t) * (1 + 0.06 * Math.sin(2 * Math.PI * t / 52.0));
            double price = 1.0 + 0.03 * Math.sin(2 * Math.PI * t / 26.0) + 0.01 * random.nextGaussian();
            revenue -= 200_000 * scale * (price - 1.0);
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < CHANNELS.length; c++) {
                double mean = TRUTH[c][3] * 1000 * scale;
                // flighting: bursts and pauses so that carry-over and saturation are identifiable
                double flight = (t / 6 + c) % 4 == 0 ? 0.25 : 1.0 + 0.45 * Math.sin(2 * Math.PI * (t + 7 * c) / 17.0);
                double spend = Math.max(0, mean * flight * (1 + 0.15 * random.nextGaussian()));
                meanSpend[c] += spend / weeks;
                double decay = TRUTH[c][0];
                adstock[c] = decay * adstock[c] + (1 - decay) * spend;
                double half = TRUTH[c][1] * mean;
                revenue += TRUTH[c][2] * 1000 * scale * adstock[c] / (adstock[c] + half);
                row.append(',').append(String.format(Locale.ROOT, "%.2f", spend));
            }
            revenue *= 1 + 0.025 * random.nextGaussian();
            csv.append(start.plusWeeks(t)).append(',').append(String.format(Locale.ROOT, "%.2f", revenue)).append(row)
                    .append(',').append(String.format(Locale.ROOT, "%.4f", price)).append('\n');
        }
        return new Dataset(brand, market, csv.toString(), meanSpend);
    }

    /** The 2027-Q1 plan: one line per brand, market and channel; 13 weeks of today's average spend. */
    static String budgetPlanJson(List<Dataset> sets) {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        boolean first = true;
        for (Dataset d : sets) {
            for (int c = 0; c < CHANNELS.length; c++) {
                double amount = Math.round(d.weeklySpend()[c] * 13 / 1000.0) * 1000.0;
                double committed = Math.round(amount * (CHANNELS[c].equals("field_force") ? 0.5 : 0.2) / 1000.0) * 1000.0;
                double minimum = Math.round(amount * 0.1 / 1000.0) * 1000.0;
                if (!first) json.append(',');
                first = false;
                json.append(String.format(Locale.ROOT,
                        "{\"lineId\":\"%s-%s-%s-2027Q1\",\"brand\":\"%s\",\"market\":\"%s\",\"channel\":\"%s\","
                                + "\"period\":\"2027-Q1\",\"amount\":%.0f,\"committed\":%.0f,\"minimum\":%.0f}",
                        d.brand().toLowerCase(), d.market().toLowerCase(), CHANNELS[c].replace('_', '-'), d.brand(),
                        d.market(), CHANNELS[c], amount, committed, minimum));
            }
        }
        return json.append("]}").toString();
    }
}
