package dev.compass.documents.bench;

import dev.compass.documents.Datasets;
import dev.compass.documents.DocumentInput;
import dev.compass.documents.DocumentPipeline;
import dev.compass.documents.PipelineConfig;
import dev.compass.documents.PipelineResult;
import dev.compass.documents.dedupe.DedupeConfig;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.dedupe.InMemorySignatureStore;
import dev.compass.documents.dedupe.SignatureStore;
import dev.compass.documents.dedupe.StoredSignature;
import dev.compass.documents.metadata.Taxonomy;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Pipeline vs bare Tika (AutoDetectParser + BodyContentHandler) on the leaflets and the readable torture
 * files, same JVM, same number of warm-up passes, alternating. Args: [warmups=10] [passes=5] [any third argument:
 * per-file timings]. Run with -Xmx512m. {@code -Dbench.streams=N} (default 1): N threads take the files of a pass
 * from one shared list, for bare Tika and for the pipeline alike, so both are measured at the same concurrency
 * (the ingestion service runs several documents at once: {@code compass.ingestion.workers}); with 1 the documents
 * go one at a time through the calling thread.
 */
public final class PipelineBenchmark {
    public static void main(String[] args) throws Exception {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int streams = Integer.getInteger("bench.streams", 1);
        List<Path> files = benchFiles();
        List<byte[]> bytes = new ArrayList<>();
        long total = 0;
        for (Path p : files) {
            byte[] b = Files.readAllBytes(p);
            bytes.add(b);
            total += b.length;
        }
        System.out.printf(Locale.ROOT, "%d files, %.2f MB; warm-ups %d, measured passes %d; streams %d; max heap %d MB; %d cpus%n",
                files.size(), total / 1e6, warmups, passes, streams, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        Streams run = new Streams(streams);
        AutoDetectParser tika = new AutoDetectParser();
        PipelineConfig cfg = PipelineConfig.defaults();
        // one long-lived pipeline, as in the service; its store is emptied before every pass, so every pass parses
        // everything (no DUPLICATE short-cuts)
        PassStore store = new PassStore();
        try (DocumentPipeline pipeline = new DocumentPipeline(cfg, Taxonomy.defaults(),
                new DuplicateDetector(store, DedupeConfig.defaults()))) {
            for (int i = 0; i < warmups; i++) {
                tika(run, tika, files, bytes);
                pipeline(run, pipeline, store, files, bytes);
            }
            double[] t = new double[passes];
            double[] p = new double[passes];
            for (int i = 0; i < passes; i++) {
                t[i] = tika(run, tika, files, bytes);
                p[i] = pipeline(run, pipeline, store, files, bytes);
            }
            report("bare Tika", t, files.size(), total);
            report("pipeline ", p, files.size(), total);
            System.out.printf(Locale.ROOT, "pipeline/Tika throughput ratio (medians): %.2f%n", median(t) / median(p));
            long used = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            System.out.printf(Locale.ROOT, "heap in use at end: %d MB%n", used);
            if (args.length > 2) perFile(cfg, files, bytes);
        } finally {
            run.close();
        }
    }

    /** Runs the documents of a pass: in the calling thread, or on N threads taking the next index from a counter. */
    private static final class Streams implements AutoCloseable {
        private final int n;
        private final java.util.concurrent.ExecutorService threads;

        Streams(int n) {
            this.n = n;
            this.threads = n > 1 ? java.util.concurrent.Executors.newFixedThreadPool(n) : null;
        }

        /** Seconds taken to run {@code doc} on every index in [0, count). */
        double pass(int count, java.util.function.IntConsumer doc) throws Exception {
            long t0 = System.nanoTime();
            if (threads == null) {
                for (int i = 0; i < count; i++) doc.accept(i);
            } else {
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                List<java.util.concurrent.Future<?>> running = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    running.add(threads.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < count; ) doc.accept(i);
                    }));
                }
                for (var f : running) f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        }

        @Override
        public void close() {
            if (threads != null) threads.shutdownNow();
        }
    }

    private static double tika(Streams run, AutoDetectParser tika, List<Path> files, List<byte[]> bytes) throws Exception {
        return run.pass(files.size(), i -> {
            Metadata md = new Metadata();
            md.set(TikaCoreProperties.RESOURCE_NAME_KEY, files.get(i).getFileName().toString());
            try (TikaInputStream in = TikaInputStream.get(bytes.get(i))) {
                tika.parse(in, new BodyContentHandler(-1), md, new ParseContext());
            } catch (Exception e) {
                // same files fail in both; the pipeline's failures are terminal states
            }
        });
    }

    private static double pipeline(Streams run, DocumentPipeline p, PassStore store, List<Path> files,
                                   List<byte[]> bytes) throws Exception {
        store.empty();
        return run.pass(files.size(), i -> {
            String name = files.get(i).getFileName().toString();
            PipelineResult r = p.process(new DocumentInput(null, bytes.get(i), name, null, "bench", "/" + name,
                    Set.of("all"), Set.of(), null));
            if (r.outcome() == null) throw new IllegalStateException();
        });
    }

    /** An in-memory signature store that a pass can start empty. */
    static final class PassStore implements SignatureStore {
        private volatile InMemorySignatureStore current = new InMemorySignatureStore();

        void empty() { current = new InMemorySignatureStore(); }

        @Override
        public Optional<StoredSignature> findByContentHash(String contentHash) {
            return current.findByContentHash(contentHash);
        }

        @Override
        public Collection<StoredSignature> findByBuckets(long[] bucketKeys) { return current.findByBuckets(bucketKeys); }

        @Override
        public Optional<StoredSignature> putIfAbsent(StoredSignature signature, long[] bucketKeys) {
            return current.putIfAbsent(signature, bucketKeys);
        }
    }

    private static void perFile(PipelineConfig cfg, List<Path> files, List<byte[]> bytes) {
        try (DocumentPipeline p = new DocumentPipeline(cfg, Taxonomy.defaults(), DuplicateDetector.inMemory())) {
            for (int i = 0; i < files.size(); i++) {
                String name = files.get(i).getFileName().toString();
                long t0 = System.nanoTime();
                PipelineResult r = p.process(DocumentInput.of(bytes.get(i), name, "bench", "/" + name, Set.of()));
                System.out.printf(Locale.ROOT, "%8.1f ms  %-50s %s%n", (System.nanoTime() - t0) / 1e6, name, r.outcome());
            }
        }
    }

    private static void report(String name, double[] seconds, int docs, long bytes) {
        double m = median(seconds);
        System.out.printf(Locale.ROOT, "%s: median %.3f s/pass -> %.1f docs/s, %.2f MB/s (passes: %s)%n", name, m,
                docs / m, bytes / 1e6 / m, Arrays.toString(Arrays.stream(seconds).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The benchmark's files: the leaflets (HTML) and the readable ("normal", "edge") torture files. */
    public static List<Path> benchFiles() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(Datasets.leaflets())) {
            s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(files::add);
        }
        for (String line : Files.readAllLines(Datasets.torture().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (f[1].startsWith("normal") || f[1].startsWith("edge")) files.add(Datasets.torture().resolve(f[0]));
        }
        return files;
    }
}
