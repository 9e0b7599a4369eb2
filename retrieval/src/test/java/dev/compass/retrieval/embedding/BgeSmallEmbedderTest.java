package dev.compass.retrieval.embedding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BgeSmallEmbedderTest {

    private static final String QUERY = "Vitamin D deficiency increases the risk of fractures";
    private static final String RELEVANT = "Low vitamin D status was associated with hip fracture in older adults "
            + "in a meta-analysis of randomised trials of supplementation.";
    private static final String UNRELATED = "The crystal structure of a bacterial ion channel reveals its gating mechanism.";

    @Test
    void unitVectorsOfDimension384AndQueryInstructionOnlyOnQueries() {
        BgeSmallEmbedder e = BgeSmallEmbedder.shared();
        List<float[]> docs = e.embedAll(List.of(RELEVANT, UNRELATED));
        float[] q = e.embedQuery(QUERY);
        for (float[] v : List.of(docs.get(0), docs.get(1), q)) {
            assertEquals(384, v.length);
            assertEquals(1.0, Vectors.dot(v, v), 1e-4);
        }
        // documents carry no instruction: embed == embedAll; queries do: embedQuery != embed
        assertArrayEquals(docs.get(0), e.embed(RELEVANT), 1e-6f);
        assertNotEquals(Vectors.dot(q, e.embed(QUERY)), 1.0, 1e-3);
        assertArrayEquals(q, e.embed(BgeSmallEmbedder.QUERY_INSTRUCTION + QUERY), 1e-6f);
        assertArrayEquals(q, e.embedQueries(List.of(QUERY)).get(0), 1e-6f);
        assertTrue(Vectors.dot(q, docs.get(0)) > Vectors.dot(q, docs.get(1)) + 0.1,
                "relevant passage must score clearly higher");
        assertEquals("bge-small-en-v1.5-q-256", e.name());
    }

    @Test
    void namedFactoryKeepsMiniLmAsTheSymmetricDefaultAndRejectsUnknownNames() {
        assertSame(MiniLmEmbedder.shared(), Embedders.named("minilm"));
        assertSame(BgeSmallEmbedder.shared(), Embedders.named("bge-small"));
        assertSame(BgeSmallEmbedder.shared(512), Embedders.named("bge-small", 512));
        Embedder minilm = Embedders.named("minilm");
        assertArrayEquals(minilm.embed(QUERY), minilm.embedQuery(QUERY), 0f);
        assertThrows(IllegalArgumentException.class, () -> Embedders.named("e5"));
    }
}
