package dev.compass.retrieval.eval;

import dev.compass.retrieval.embedding.Embedder;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Caches embeddings of a fixed list of texts in a binary file (count, dimension, floats; keyed by text hash). */
final class VectorCache {

    private VectorCache() {
    }

    /** Document (passage) vectors, {@link Embedder#embedAll}. */
    static List<float[]> load(Path file, List<String> texts, Embedder embedder) throws IOException {
        return load(file, texts, embedder, false);
    }

    /** Query vectors, {@link Embedder#embedQueries} (with the model's query instruction, if any). */
    static List<float[]> loadQueries(Path file, List<String> texts, Embedder embedder) throws IOException {
        return load(file, texts, embedder, true);
    }

    private static List<float[]> load(Path file, List<String> texts, Embedder embedder, boolean queries)
            throws IOException {
        int hash = texts.hashCode();
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                int h = in.readInt();
                int n = in.readInt();
                int dim = in.readInt();
                if (h == hash && n == texts.size() && dim == embedder.dimension()) {
                    List<float[]> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        float[] v = new float[dim];
                        for (int d = 0; d < dim; d++) {
                            v[d] = in.readFloat();
                        }
                        out.add(v);
                    }
                    return out;
                }
            }
        }
        long t0 = System.nanoTime();
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += 256) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + 256));
            out.addAll(queries ? embedder.embedQueries(batch) : embedder.embedAll(batch));
            System.out.printf(Locale.ROOT, "  embedded %d/%d%n", out.size(), texts.size());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "embedded %d texts in %.1f s (%.1f texts/s) with %s%n", texts.size(), s,
                texts.size() / s, embedder.name());
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            o.writeInt(hash);
            o.writeInt(texts.size());
            o.writeInt(embedder.dimension());
            for (float[] v : out) {
                for (float x : v) {
                    o.writeFloat(x);
                }
            }
        }
        return out;
    }
}
