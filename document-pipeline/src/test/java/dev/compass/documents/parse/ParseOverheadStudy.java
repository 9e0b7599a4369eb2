package dev.compass.documents.parse;

import dev.compass.documents.PipelineConfig;
import dev.compass.documents.bench.PipelineBenchmark;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where the parse stage's time goes, on the files of {@link PipelineBenchmark}, one document at a time, alternating:
 * the pipeline's parse in the calling thread ({@link DocumentParser} with its handler and limits), the same through
 * the {@link ParserPool} (the isolated worker thread and the hand-off to it), and bare Tika. Prints the median wall
 * time per pass and, per file, the best of all rounds (the files where the pipeline's parse differs most from bare
 * Tika first). Args: [rounds=15] measured rounds after 30 warm-up rounds. Run with -Xmx512m.
 */
public final class ParseOverheadStudy {
    private static final String[] MODES = {"pipeline parse, calling thread", "pipeline parse, parser pool", "bare Tika"};

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmups = 30;
        List<Path> files = PipelineBenchmark.benchFiles();
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : files) bytes.add(Files.readAllBytes(p));
        ParseLimits limits = PipelineConfig.defaults().parse();
        DocumentParser parser = new DocumentParser(limits);
        AutoDetectParser tika = new AutoDetectParser();
        double[][] wall = new double[MODES.length][rounds];
        long[][] best = new long[MODES.length][files.size()];
        for (long[] b : best) Arrays.fill(b, Long.MAX_VALUE);
        try (ParserPool pool = new ParserPool(parser)) {
            for (int r = 0; r < warmups + rounds; r++) {
                for (int mode = 0; mode < MODES.length; mode++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < files.size(); i++) {
                        String name = files.get(i).getFileName().toString();
                        long f0 = System.nanoTime();
                        parseOne(mode, parser, pool, tika, limits, bytes.get(i), name);
                        best[mode][i] = Math.min(best[mode][i], System.nanoTime() - f0);
                    }
                    if (r >= warmups) wall[mode][r - warmups] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Integer[] order = new Integer[files.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong(i -> -Math.abs(best[0][i] - best[2][i])));
        System.out.println("best ms per file: calling thread, pool, bare Tika (largest differences first)");
        for (int k = 0; k < Math.min(15, order.length); k++) {
            int i = order[k];
            System.out.printf(Locale.ROOT, "%8.2f %8.2f %8.2f  %s%n", best[0][i] / 1e6, best[1][i] / 1e6, best[2][i] / 1e6,
                    files.get(i).getFileName());
        }
        for (int mode = 0; mode < MODES.length; mode++) {
            Arrays.sort(wall[mode]);
            System.out.printf(Locale.ROOT, "%-32s median %.1f ms/pass, sum of per-file bests %.1f ms%n", MODES[mode],
                    wall[mode][rounds / 2], Arrays.stream(best[mode]).sum() / 1e6);
        }
    }

    private static void parseOne(int mode, DocumentParser parser, ParserPool pool, AutoDetectParser tika,
                                 ParseLimits limits, byte[] bytes, String name) {
        try {
            switch (mode) {
                case 0 -> parser.parse(bytes, name, null,
                        new StructureHandler(limits.maxChars(), System.nanoTime() + limits.timeout().toNanos()));
                case 1 -> pool.parse(bytes, name, null);
                default -> {
                    Metadata md = new Metadata();
                    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
                    try (TikaInputStream in = TikaInputStream.get(bytes)) {
                        tika.parse(in, new BodyContentHandler(-1), md, new ParseContext());
                    }
                }
            }
        } catch (Exception e) {
            // the same files fail in every mode (ParseFailure in the pipeline's, an exception in Tika's)
        }
    }
}
