package dev.compass.documents.bench;

import dev.compass.documents.DocumentInput;
import dev.compass.documents.DocumentPipeline;
import dev.compass.documents.PipelineConfig;
import dev.compass.documents.dedupe.DedupeConfig;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Where a pass of {@link PipelineBenchmark}'s files goes, one document at a time: wall time and CPU time per thread
 * (threads of one pool summed) for bare Tika and for the pipeline, after warm-up passes of each; then what a bare
 * hand-off to a worker thread and back costs on this machine (1 ms of work on each side, as in a parse and an
 * analysis). Wall time that no Java thread spends on CPU is waiting: thread hand-offs, GC pauses, the host.
 * Args: [warmups=30] [passes=20]. Run with -Xmx512m.
 */
public final class PipelineCpuStudy {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<Path> files = PipelineBenchmark.benchFiles();
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : files) bytes.add(Files.readAllBytes(p));
        AutoDetectParser tika = new AutoDetectParser();
        PipelineBenchmark.PassStore store = new PipelineBenchmark.PassStore();
        try (DocumentPipeline pipeline = new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(),
                new DuplicateDetector(store, DedupeConfig.defaults()))) {
            Runnable tikaPass = () -> {
                for (int i = 0; i < files.size(); i++) {
                    Metadata md = new Metadata();
                    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, files.get(i).getFileName().toString());
                    try (TikaInputStream in = TikaInputStream.get(bytes.get(i))) {
                        tika.parse(in, new BodyContentHandler(-1), md, new ParseContext());
                    } catch (Exception e) {
                        // the same files fail in the pipeline, as terminal states
                    }
                }
            };
            Runnable pipelinePass = () -> {
                store.empty();
                for (int i = 0; i < files.size(); i++) {
                    String name = files.get(i).getFileName().toString();
                    pipeline.process(new DocumentInput(null, bytes.get(i), name, null, "bench", "/" + name,
                            Set.of("all"), Set.of(), null));
                }
            };
            for (int i = 0; i < warmups; i++) {
                tikaPass.run();
                pipelinePass.run();
            }
            report("bare Tika", tikaPass, passes);
            report("pipeline", pipelinePass, passes);
        }
        handOff();
    }

    private static void report(String name, Runnable pass, int passes) {
        Map<String, Long> before = cpuByThreadGroup();
        long t0 = System.nanoTime();
        for (int i = 0; i < passes; i++) pass.run();
        double wall = (System.nanoTime() - t0) / 1e6 / passes;
        Map<String, Long> after = cpuByThreadGroup();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s wall %6.1f ms/pass; CPU ms/pass:", name, wall));
        double total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            double ms = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e6 / passes;
            if (ms < 0.5) continue;
            line.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(), ms));
            total += ms;
        }
        line.append(String.format(Locale.ROOT, "; all Java threads %.1f; waiting %.1f", total, wall - total));
        System.out.println(line);
    }

    /** CPU nanoseconds per thread name with its trailing number removed (a pool's threads summed). */
    private static Map<String, Long> cpuByThreadGroup() {
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo t : MX.getThreadInfo(MX.getAllThreadIds())) {
            if (t == null) continue;
            long ns = MX.getThreadCpuTime(t.getThreadId());
            if (ns > 0) cpu.merge(t.getThreadName().replaceAll("\\d+$", "#"), ns, Long::sum);
        }
        return cpu;
    }

    private static void handOff() throws Exception {
        ExecutorService worker = Executors.newCachedThreadPool();
        try {
            for (int round = 0; round < 3; round++) {
                int n = 500;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    spin(1_000_000);
                    worker.submit(() -> spin(1_000_000)).get(30, TimeUnit.SECONDS);
                }
                double perDoc = (System.nanoTime() - t0) / 1e3 / n;
                System.out.printf(Locale.ROOT, "hand-off to a worker and back (1 ms of work each side): %.0f us per round trip%n",
                        perDoc - 2000);
            }
        } finally {
            worker.shutdownNow();
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long s = 0;
        while (System.nanoTime() < end) s++;
        sink += s;
    }
}
