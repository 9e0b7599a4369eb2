package dev.compass.insight;

import dev.compass.contracts.events.DatasetEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated weekly spend and revenue with known adstock and saturation: tv (slow decay, strong), search (no decay,
 * saturating early), social (weak), plus a price control and an ignored column.
 */
final class WeeklyData {
    static final String[] CHANNELS = {"tv", "search", "social"};

    private WeeklyData() {}

    record Week(LocalDate date, double revenue, double[] spend, double price, double note) {}

    static List<Week> simulate(int weeks, long seed) {
        Random rnd = new Random(seed);
        double[] decay = {0.6, 0.1, 0.3};
        double[] half = {30_000, 8_000, 10_000};
        double[] coef = {90_000, 40_000, 12_000};
        double[] base = {25_000, 10_000, 8_000};
        double[] ad = new double[3];
        List<Week> out = new ArrayList<>();
        LocalDate start = LocalDate.of(2022, 1, 3);
        for (int t = 0; t < weeks; t++) {
            double[] spend = new double[3];
            double revenue = 200_000 + 500 * t + 20_000 * Math.sin(2 * Math.PI * t / 52.0);
            for (int c = 0; c < 3; c++) {
                double burst = (t / 6) % 3 == c ? 1.8 : 0.6 + 0.5 * rnd.nextDouble();
                spend[c] = Math.round(base[c] * burst);
                ad[c] = decay[c] * ad[c] + (1 - decay[c]) * spend[c];
                revenue += coef[c] * ad[c] / (ad[c] + half[c]);
            }
            double price = 10 + rnd.nextGaussian() * 0.3;
            revenue -= 4_000 * (price - 10);
            revenue *= 1 + 0.02 * rnd.nextGaussian();
            out.add(new Week(start.plusWeeks(t), Math.round(revenue), spend, Math.round(price * 100) / 100.0,
                    rnd.nextInt(100)));
        }
        return out;
    }

    static String csv(List<Week> weeks) {
        StringBuilder s = new StringBuilder("date,revenue,tv,search,social,price,note\n");
        for (Week w : weeks) {
            s.append(w.date()).append(',').append(w.revenue());
            for (double v : w.spend()) {
                s.append(',').append(v);
            }
            s.append(',').append(w.price()).append(',').append(w.note()).append('\n');
        }
        return s.toString();
    }

    static DatasetEvent event(String datasetId, String brand, String market, List<Week> weeks) {
        List<DatasetEvent.WeeklyRow> rows = new ArrayList<>();
        for (Week w : weeks) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("sales", w.revenue());
            for (int c = 0; c < 3; c++) {
                values.put(CHANNELS[c], w.spend()[c]);
            }
            values.put("price", w.price());
            rows.add(new DatasetEvent.WeeklyRow(w.date(), values));
        }
        return new DatasetEvent(datasetId, brand, market, "sales", "week", List.of(CHANNELS), List.of("price"),
                weeks.size(), "USABLE", List.of(), rows, "corr-" + datasetId, null, Instant.now());
    }
}
