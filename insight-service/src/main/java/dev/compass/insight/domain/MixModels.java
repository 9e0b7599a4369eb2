package dev.compass.insight.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.DatasetEvent;
import dev.compass.contracts.events.MixModelEvent;
import dev.compass.contracts.schema.EventJson;
import dev.compass.insight.config.InsightConfig;
import dev.compass.insight.persistence.MixModelStore;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.problem.ApiException;
import dev.compass.mixmodel.ChannelCurve;
import dev.compass.mixmodel.ChannelResult;
import dev.compass.mixmodel.CsvDatasetReader;
import dev.compass.mixmodel.CsvSpec;
import dev.compass.mixmodel.FitOptions;
import dev.compass.mixmodel.FittedModel;
import dev.compass.mixmodel.LiftTest;
import dev.compass.mixmodel.MixModelFitter;
import dev.compass.mixmodel.ResponseCurves;
import dev.compass.mixmodel.WeeklyDataset;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fits marketing-mix models (mix-model module) from stored data sets, stores each fit as a new version of its brand
 * and market and publishes it on {@code insight.mix-models.v1} in the same transaction. Fits take seconds and use a
 * core each: at most {@code compass.insight.mix.max-concurrent-fits} run at once, on worker threads.
 */
@ApplicationScoped
public class MixModels {
    private static final Logger LOG = Logger.getLogger(MixModels.class);
    static final int CURVE_POINTS = 20;
    static final double CURVE_MAX_MULTIPLE = 2.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MixModelStore store;
    @Inject
    EventPublisher events;
    @Inject
    InsightConfig config;

    private final MixModelFitter fitter = new MixModelFitter();
    private Semaphore fits;

    void start(@Observes StartupEvent event) {
        fits = new Semaphore(Math.max(1, config.mix().maxConcurrentFits()), true);
        List<String> pending = store.unfittedEventDatasets();
        if (!pending.isEmpty()) {
            Thread t = new Thread(() -> pending.forEach(id -> fitStoredDataset(id, "ingestion", "recovery-" + id, null)),
                    "insight-mix-recovery");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Parses and stores an uploaded CSV, fits it and returns the stored model. */
    public MixModelStore.ModelRow fitUpload(String csv, String brand, String market, String kpi, String dateColumn,
            List<String> controls, List<String> ignore, String user, String correlationId) {
        String datasetId = "upload-" + UUID.randomUUID();
        MixModelStore.DatasetRow row = new MixModelStore.DatasetRow(datasetId, brand, market, kpi, dateColumn,
                controls, ignore, csv, "upload", "PENDING");
        WeeklyDataset data = read(row);
        QuarkusTransaction.requiringNew().run(() -> store.saveDataset(row));
        return fitAndPublish(data, row, List.of(), null, user, correlationId, null);
    }

    /** Fits a stored data set; failures are recorded on the data set (and rethrown as problems). */
    public MixModelStore.ModelRow fitStoredDataset(String datasetId, String user, String correlationId,
            String causationId) {
        MixModelStore.DatasetRow row = store.dataset(datasetId)
                .orElseThrow(() -> ApiException.notFound("data set", datasetId));
        try {
            return fitAndPublish(read(row), row, List.of(), null, user, correlationId, causationId);
        } catch (RuntimeException e) {
            LOG.warnf("data set %s could not be fitted: %s", datasetId, e.getMessage());
            store.datasetFitStatus(datasetId, "FAILED", e.getMessage());
            throw e;
        }
    }

    /** Refits a model's data set calibrated with lift tests: a new version. */
    public MixModelStore.ModelRow calibrate(MixModelStore.ModelRow parent, List<LiftTest> tests, String user,
            String correlationId) {
        MixModelStore.DatasetRow row = store.dataset(parent.datasetId())
                .orElseThrow(() -> ApiException.notFound("data set", parent.datasetId()));
        List<LiftTest> all = new ArrayList<>(parent.model().lineage().calibration());
        all.addAll(tests);
        return fitAndPublish(read(row), row, all, parent.modelId(), user, correlationId, null);
    }

    /** Stores an incoming data set as CSV (idempotent by data set id). */
    public static MixModelStore.DatasetRow datasetOf(DatasetEvent e) {
        String dateColumn = e.dateColumn() == null || e.dateColumn().isBlank() ? "date" : e.dateColumn();
        List<String> controls = e.controls() == null ? List.of() : e.controls();
        List<String> columns = new ArrayList<>();
        columns.add(e.kpi());
        columns.addAll(e.channels() == null ? List.of() : e.channels());
        columns.addAll(controls);
        StringBuilder csv = new StringBuilder(dateColumn);
        columns.forEach(c -> csv.append(',').append(c));
        csv.append('\n');
        for (DatasetEvent.WeeklyRow r : e.rows()) {
            csv.append(r.week());
            for (String c : columns) {
                Double v = r.values() == null ? null : r.values().get(c);
                csv.append(',').append(v == null ? "" : v.toString());
            }
            csv.append('\n');
        }
        return new MixModelStore.DatasetRow(e.datasetId(), e.brand(), e.market(), e.kpi(), dateColumn, controls,
                List.of(), csv.toString(), "event", "PENDING");
    }

    private static WeeklyDataset read(MixModelStore.DatasetRow row) {
        try {
            return CsvDatasetReader.read(row.csv(), new CsvSpec(row.datasetId(), row.dateColumn(), row.kpi(),
                    row.controls(), row.ignored()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiException.unprocessable("the data set cannot be modelled: " + e.getMessage());
        }
    }

    private MixModelStore.ModelRow fitAndPublish(WeeklyDataset data, MixModelStore.DatasetRow row,
            List<LiftTest> liftTests, String parentId, String user, String correlationId, String causationId) {
        String modelId = UUID.randomUUID().toString();
        FitOptions options = FitOptions.defaults().withIds(modelId, row.brand(), row.market())
                .withDraws(config.mix().draws()).withLiftTests(liftTests);
        FittedModel model;
        try {
            if (!fits.tryAcquire(5, TimeUnit.MINUTES)) {
                throw new ApiException(503, "Service Unavailable", "too many model fits are running; try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        try {
            model = fitter.fit(data, options);
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("the data set cannot be modelled: " + e.getMessage());
        } finally {
            fits.release();
        }
        LOG.infof("fitted mix model %s for %s|%s (%d weeks, %d channels) in %.1f s", modelId, row.brand(),
                row.market(), data.size(), data.channels().size(), (System.nanoTime() - t0) / 1e9);
        FittedModel fitted = model;
        // the event is the contract agents read: a figure JSON cannot carry as a number is never stored or published
        // read with the mapper that publishes events: the API's writes such a figure as null, which would hide it
        List<String> nonFinite = nonFinite(EventJson.mapper().valueToTree(event(fitted, 1, row.datasetId(), parentId,
                correlationId, causationId)), "", new ArrayList<>());
        if (!nonFinite.isEmpty()) {
            throw ApiException.unprocessable("the fitted model has figures that are not finite numbers ("
                    + String.join(", ", nonFinite.subList(0, Math.min(10, nonFinite.size())))
                    + (nonFinite.size() > 10 ? ", ..." : "") + "): the data cannot be modelled as given");
        }
        if (parentId != null) {
            String nonsense = contradiction(fitted, data);
            if (nonsense != null) {
                throw ApiException.unprocessable("the lift tests contradict the data: the calibrated refit cannot fit"
                        + " it (" + nonsense + "); lift tests " + liftTests.stream().map(t -> t.channel() + " "
                        + t.start() + ".." + t.end() + " " + t.incrementalKpi() + " ± " + t.standardError()).toList());
            }
        }
        int version = QuarkusTransaction.requiringNew().call(() -> {
            int v = store.saveModel(fitted, row.datasetId(), parentId, user);
            events.publish(EventType.MIX_MODEL, row.brand() + "|" + row.market(), modelId,
                    event(fitted, v, row.datasetId(), parentId, correlationId, causationId), correlationId, causationId);
            return v;
        });
        store.datasetFitStatus(row.datasetId(), "FITTED", null);
        return new MixModelStore.ModelRow(modelId, row.brand(), row.market(), row.kpi(), version, row.datasetId(),
                parentId, fitted, user, Instant.now());
    }

    static MixModelEvent event(FittedModel m, int version, String datasetId, String parentId, String correlationId,
            String causationId) {
        List<MixModelEvent.Channel> channels = new ArrayList<>();
        for (ChannelResult r : m.channels()) {
            ChannelCurve c = m.curve(r.channel());
            List<Map<String, Object>> draws = MixModelEventMapper.curveDraws(m, r.channel());
            List<MixModelEvent.CurvePoint> points = ResponseCurves.of(m, r.channel(), CURVE_POINTS, CURVE_MAX_MULTIPLE)
                    .points().stream().map(p -> new MixModelEvent.CurvePoint(p.weeklySpend(), p.weeklyResponse(),
                            finite(p.low(), p.weeklyResponse()), finite(p.high(), p.weeklyResponse()))).toList();
            channels.add(new MixModelEvent.Channel(r.channel(), r.spend(), c.meanWeeklySpend(), r.contribution(),
                    r.contributionShare(), r.roi(), finite(r.roiLow(), r.roi()), finite(r.roiHigh(), r.roi()),
                    r.mroi(), r.adstockDecay(), MixModelEventMapper.saturation(r.saturation()),
                    MixModelEventMapper.toCurve(c), points, draws));
        }
        Map<String, Object> lineage = new LinkedHashMap<>(JSON.convertValue(m.lineage(),
                new TypeReference<Map<String, Object>>() {}));
        if (parentId != null) {
            lineage.put("calibratedFrom", parentId);
        }
        lineage.put("warnings", m.warnings());
        return new MixModelEvent(m.id(), m.brand(), m.market(), m.kpi(), version, datasetId, m.weeks(),
                new MixModelEvent.Fit(m.fit().r2(), m.fit().mape(), finite(m.fit().holdoutMape(), m.fit().mape())),
                m.baselineShare(), channels, lineage, correlationId, causationId, Instant.now());
    }

    /** JSON pointers of the numbers in a tree that are not finite. */
    static List<String> nonFinite(com.fasterxml.jackson.databind.JsonNode node, String path, List<String> out) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            out.add(path.isEmpty() ? "/" : path);
        } else if (node.isTextual() && node.textValue().matches("-?Infinity|NaN")) {
            out.add(path);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> nonFinite(e.getValue(), path + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) nonFinite(node.get(i), path + "/" + i, out);
        }
        return out;
    }

    /**
     * What makes a calibrated refit nonsense, or null: a fit worse than the mean (R² below 0), a baseline share
     * outside [0, 1], a channel contributing more than the whole KPI of the modelled weeks.
     */
    static String contradiction(FittedModel m, WeeklyDataset data) {
        List<String> out = new ArrayList<>();
        if (m.fit().r2() < 0) out.add(String.format(java.util.Locale.ROOT, "R² %.3g below 0", m.fit().r2()));
        if (m.baselineShare() < 0 || m.baselineShare() > 1) {
            out.add(String.format(java.util.Locale.ROOT, "baseline share %.3g outside [0, 1]", m.baselineShare()));
        }
        double total = java.util.Arrays.stream(data.kpi()).sum();
        for (ChannelResult c : m.channels()) {
            if (Math.abs(c.contribution()) > total) {
                out.add(String.format(java.util.Locale.ROOT, "%s's contribution %.3g beyond the total %s %.3g",
                        c.channel(), c.contribution(), data.kpiName(), total));
            }
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /** JSON has no NaN: an interval bound that could not be computed collapses onto the point estimate. */
    static double finite(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }
}
