package dev.compass.ingestion.bench;

import dev.compass.documents.DocumentInput;
import dev.compass.documents.DocumentPipeline;
import dev.compass.documents.Outcome;
import dev.compass.documents.PipelineConfig;
import dev.compass.documents.PipelineResult;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Simulated crawl schedule for 180,000 SharePoint sites over the 48 partitions of ingestion.crawl-work.v1: sites are
 * placed on partitions by Kafka's own key hash (murmur2 of the site id, as the default partitioner does), partitions
 * are assigned to N instances by Kafka's own assignors (RangeAssignor, CooperativeStickyAssignor, the classic
 * protocol's defaults), and pass durations are computed from the measured per-document pipeline cost and stated
 * Graph assumptions. Also shows what moves when one instance of 8 crashes.
 *
 * <pre>
 * mvn -B -q -f ingestion-service/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.compass.ingestion.bench.CrawlScheduleSimulation -Dexec.args="../../shared/datasets"
 * </pre>
 */
public final class CrawlScheduleSimulation {
    static final String TOPIC = "ingestion.crawl-work.v1";
    static final int PARTITIONS = 48;
    static final int SITES = 180_000;
    static final long FILES = 5_000_000L;          // assumption: "millions of files"
    static final double GRAPH_LATENCY_MS = 150;    // assumption: mean Graph call latency (token cached)
    static final int CONCURRENT_SITES = 8;         // assumption: site syncs in flight per instance (consumer threads)
    static final double CHANGED_PER_DAY = 0.01;    // assumption: 1% of files new or changed per day
    static final int ITEMS_PER_DELTA_PAGE = 200;   // Graph's delta page size
    static final double TENANT_CALLS_PER_S = 100;  // assumption: tenant-wide Graph budget before 429s

    public static void main(String[] args) throws Exception {
        Path datasets = Path.of(args.length > 0 ? args[0] : "../../shared/datasets");
        double[] cost = measurePipeline(datasets);
        double cpuMsPerDoc = cost[0];
        double docsPerSecond = cost[1];

        // sites and their files: heavy-tailed (log-normal) sizes scaled to FILES in total, fixed seed
        Random rnd = new Random(42);
        String[] siteIds = new String[SITES];
        double[] raw = new double[SITES];
        double sum = 0;
        for (int i = 0; i < SITES; i++) {
            siteIds[i] = "contoso.sharepoint.com," + new UUID(rnd.nextLong(), rnd.nextLong()) + ","
                    + new UUID(rnd.nextLong(), rnd.nextLong());
            raw[i] = Math.exp(rnd.nextGaussian() * 1.5);
            sum += raw[i];
        }
        long[] sitesPerPartition = new long[PARTITIONS];
        long[] filesPerPartition = new long[PARTITIONS];
        for (int i = 0; i < SITES; i++) {
            int p = Utils.toPositive(Utils.murmur2(siteIds[i].getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            sitesPerPartition[p]++;
            filesPerPartition[p] += Math.round(raw[i] / sum * FILES);
        }
        long maxSites = 0;
        long minSites = Long.MAX_VALUE;
        for (long s : sitesPerPartition) {
            maxSites = Math.max(maxSites, s);
            minSites = Math.min(minSites, s);
        }
        System.out.printf(Locale.ROOT, "measured pipeline: %.1f ms per document (single thread), %.1f documents/s"
                + " with the service's 2 parse workers on %d cores%n", cpuMsPerDoc, docsPerSecond,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "sites per partition (murmur2 of site id): min %d, max %d, mean %.0f%n",
                minSites, maxSites, SITES / (double) PARTITIONS);
        System.out.println();
        System.out.println("| instances | assignor | partitions per instance | sites (max instance) | files (max instance)"
                + " | full pass, max instance | incremental pass, max instance |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int n : new int[] {1, 2, 4, 8, 12, 16, 24, 48}) {
            for (AbstractPartitionAssignor assignor : List.of(new RangeAssignor(), new CooperativeStickyAssignor())) {
                Map<String, List<TopicPartition>> a = assign(assignor, n, Map.of());
                int minP = Integer.MAX_VALUE;
                int maxP = 0;
                long worstSites = 0;
                long worstFiles = 0;
                for (List<TopicPartition> tps : a.values()) {
                    minP = Math.min(minP, tps.size());
                    maxP = Math.max(maxP, tps.size());
                    long s = 0;
                    long f = 0;
                    for (TopicPartition tp : tps) {
                        s += sitesPerPartition[tp.partition()];
                        f += filesPerPartition[tp.partition()];
                    }
                    if (f > worstFiles) {
                        worstFiles = f;
                        worstSites = s;
                    }
                }
                double full = fullPassHours(worstSites, worstFiles, docsPerSecond, n);
                double incr = incrementalPassHours(worstSites, worstFiles, docsPerSecond, n);
                System.out.printf(Locale.ROOT, "| %d | %s | %d–%d | %,d | %,d | %.1f h | %.2f h |%n", n,
                        assignor.name(), minP, maxP, worstSites, worstFiles, full, incr);
            }
        }
        // crash of one instance of 8: what the cooperative-sticky assignor moves
        Map<String, List<TopicPartition>> before = assign(new CooperativeStickyAssignor(), 8, Map.of());
        Map<String, List<TopicPartition>> owned = new HashMap<>(before);
        owned.remove("instance-3");
        Map<String, List<TopicPartition>> after = assign(new CooperativeStickyAssignor(), 7, owned);
        int moved = 0;
        for (var e : after.entrySet()) {
            for (TopicPartition tp : e.getValue()) {
                if (!before.getOrDefault(e.getKey(), List.of()).contains(tp)) {
                    moved++;
                }
            }
        }
        long movedSites = before.get("instance-3").stream().mapToLong(tp -> sitesPerPartition[tp.partition()]).sum();
        System.out.printf(Locale.ROOT, "%ncrash of instance-3 of 8 (cooperative-sticky): %d partitions moved (all %d of"
                + " the dead instance's, %,d sites); survivors keep their own; per-survivor partitions now %s%n",
                moved, before.get("instance-3").size(), movedSites,
                after.values().stream().map(List::size).sorted().toList());
    }

    /** Full pass: every file downloaded (content + permissions calls) and processed; Graph and CPU overlap. */
    static double fullPassHours(long sites, long files, double docsPerSecond, int instances) {
        double calls = sites * 2.0 + files / (double) ITEMS_PER_DELTA_PAGE + files * 2.0;
        return Math.max(graphSeconds(calls, instances), files / docsPerSecond) / 3600;
    }

    /** Incremental pass: a drives call and a delta call per site, plus the day's changed files. */
    static double incrementalPassHours(long sites, long files, double docsPerSecond, int instances) {
        double changed = files * CHANGED_PER_DAY;
        double calls = sites * 2.0 + changed * 2.0;
        return Math.max(graphSeconds(calls, instances), changed / docsPerSecond) / 3600;
    }

    /** Graph time of one instance: latency-bound with CONCURRENT_SITES in flight, or its share of the tenant budget. */
    static double graphSeconds(double calls, int instances) {
        double latencyBound = calls * GRAPH_LATENCY_MS / 1000 / CONCURRENT_SITES;
        double budgetBound = calls / (TENANT_CALLS_PER_S / instances);
        return Math.max(latencyBound, budgetBound);
    }

    static Map<String, List<TopicPartition>> assign(AbstractPartitionAssignor assignor, int members,
            Map<String, List<TopicPartition>> owned) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            infos.add(new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node}));
        }
        Map<String, Subscription> subs = new HashMap<>();
        List<String> names = owned.isEmpty() ? new ArrayList<>() : new ArrayList<>(owned.keySet());
        for (int i = 0; owned.isEmpty() && i < members; i++) {
            names.add("instance-" + i);
        }
        for (String m : names) {
            subs.put(m, new Subscription(List.of(TOPIC), null, owned.getOrDefault(m, List.of()), 1,
                    java.util.Optional.empty()));
        }
        return assignor.assignPartitions(Map.of(TOPIC, infos), subs);
    }

    /** [ms per document single-threaded, documents/s with 2 threads] over the leaflets and the normal torture files. */
    static double[] measurePipeline(Path datasets) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(datasets.resolve("pharma-leaflets"))) {
            s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(files::add);
        }
        for (String f : List.of("testPDF.pdf", "testWORD_various.docx", "testPPT.ppt", "testJournalParser.pdf",
                "testRTFVarious.rtf", "testEXCEL.xls", "resume.html")) {
            files.add(datasets.resolve("parser-torture").resolve(f));
        }
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : files) {
            bytes.add(Files.readAllBytes(p));
        }
        PipelineConfig d = PipelineConfig.defaults();
        // as in the service: fingerprints are registered outside the pipeline, so repeated passes are parsed again
        try (DocumentPipeline pipeline = new DocumentPipeline(new PipelineConfig(d.parse(), d.chunking(), d.dedupe(),
                d.quality(), false), Taxonomy.defaults(), DuplicateDetector.inMemory())) {
            for (int warm = 0; warm < 3; warm++) {
                run(pipeline, files, bytes, "warm" + warm);
            }
            long t0 = System.nanoTime();
            int n = 0;
            for (int pass = 0; pass < 3; pass++) {
                n += run(pipeline, files, bytes, "single" + pass);
            }
            double single = (System.nanoTime() - t0) / 1e6 / n;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            t0 = System.nanoTime();
            List<Future<Integer>> fs = new ArrayList<>();
            for (int pass = 0; pass < 4; pass++) {
                String tag = "multi" + pass;
                fs.add(pool.submit(() -> run(pipeline, files, bytes, tag)));
            }
            int m = 0;
            for (Future<Integer> f : fs) {
                m += f.get();
            }
            double perSecond = m / ((System.nanoTime() - t0) / 1e9);
            pool.shutdown();
            return new double[] {single, perSecond};
        }
    }

    static int run(DocumentPipeline pipeline, List<Path> files, List<byte[]> bytes, String tag) {
        int n = 0;
        for (int i = 0; i < files.size(); i++) {
            byte[] b = bytes.get(i);
            PipelineResult r = pipeline.process(new DocumentInput(tag + "-" + i, b, files.get(i).getFileName().toString(),
                    null, "bench", "/" + tag + "/" + i, Set.of("all"), Set.of(), null));
            if (r.outcome() != Outcome.QUARANTINED) {
                n++;
            }
        }
        return n;
    }
}
