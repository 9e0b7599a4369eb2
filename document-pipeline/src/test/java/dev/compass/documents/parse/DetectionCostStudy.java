package dev.compass.documents.parse;

import dev.compass.documents.PipelineConfig;
import dev.compass.documents.bench.PipelineBenchmark;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What type detection costs per pass over the files of {@link PipelineBenchmark}: Tika's default detector (what
 * {@code AutoDetectParser} runs) against the pipeline's ({@link DocumentParser#detect}, with the
 * {@link NameConfirmedDetector} short cut), alternating, in the calling thread. Prints the median per pass and the
 * per-type sums of the last round. Args: [rounds=20] measured rounds after 40 warm-up rounds.
 */
public final class DetectionCostStudy {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Detector tika = TikaConfig.getDefaultConfig().getDetector();
        DocumentParser pipeline = new DocumentParser(PipelineConfig.defaults().parse());
        List<Path> files = PipelineBenchmark.benchFiles();
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : files) bytes.add(Files.readAllBytes(p));
        double[] tikaMs = new double[rounds];
        double[] pipelineMs = new double[rounds];
        Map<String, double[]> byType = new TreeMap<>();
        for (int round = 0; round < 40 + rounds; round++) {
            long tikaNanos = 0, pipelineNanos = 0;
            boolean last = round == 40 + rounds - 1;
            for (int i = 0; i < files.size(); i++) {
                String name = files.get(i).getFileName().toString();
                long t0 = System.nanoTime();
                MediaType byTika;
                try (TikaInputStream in = TikaInputStream.get(bytes.get(i))) {
                    Metadata md = new Metadata();
                    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
                    byTika = tika.detect(in, md);
                }
                long t1 = System.nanoTime();
                MediaType byPipeline = pipeline.detect(bytes.get(i), name, null);
                long t2 = System.nanoTime();
                if (!byTika.equals(byPipeline)) throw new IllegalStateException(name + ": " + byTika + " vs " + byPipeline);
                tikaNanos += t1 - t0;
                pipelineNanos += t2 - t1;
                if (last) {
                    double[] v = byType.computeIfAbsent(byTika.toString(), k -> new double[3]);
                    v[0]++;
                    v[1] += (t1 - t0) / 1e6;
                    v[2] += (t2 - t1) / 1e6;
                }
            }
            if (round >= 40) {
                tikaMs[round - 40] = tikaNanos / 1e6;
                pipelineMs[round - 40] = pipelineNanos / 1e6;
            }
        }
        Arrays.sort(tikaMs);
        Arrays.sort(pipelineMs);
        System.out.printf(Locale.ROOT, "%d files, median per pass of %d rounds: Tika's detector %.1f ms, the pipeline's %.1f ms"
                + " (same answers)%n", files.size(), rounds, tikaMs[rounds / 2], pipelineMs[rounds / 2]);
        byType.forEach((type, v) -> System.out.printf(Locale.ROOT, "%-75s %2.0f files: Tika %6.2f ms, pipeline %6.2f ms%n",
                type, v[0], v[1], v[2]));
    }
}
