package dev.compass.governance.domain;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/** all-MiniLM-L6-v2 in process (384 dimensions), loaded once per JVM on first use (~1.5 s, ~90 MB). */
public final class MiniLm {
    private MiniLm() {}

    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    }

    public static float[] embed(String text) {
        return Holder.MODEL.embed(text).content().vector();
    }
}
