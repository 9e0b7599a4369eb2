package dev.compass.governance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.governance.bench.DuplicateEvaluation;
import dev.compass.governance.domain.DuplicateDetector;
import dev.compass.governance.domain.MiniLm;
import dev.compass.governance.domain.UseCaseSimilarity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Duplicate detection of use-case ideas on the labelled set (paraphrases, DE/FR/ES translations, near-misses). A
 * QuarkusTest only so that it shares the application's class loader: the ONNX tokenizer's native library can be
 * loaded by one class loader per JVM.
 */
@io.quarkus.test.junit.QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(value = dev.compass.localstack.LocalStackTestResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "governance"))
class DuplicateDetectionTest {
    static final double CONFIGURED_THRESHOLD = 0.60;

    @Test
    void findsTranslatedAndParaphrasedDuplicatesWithHighPrecision() throws Exception {
        List<DuplicateEvaluation.Labelled> ideas = DuplicateEvaluation.load();
        assertTrue(ideas.size() >= 60, "at least 60 labelled ideas");
        DuplicateDetector detector = new DuplicateDetector(Map.of(), MiniLm::embed, UseCaseSimilarity.SEMANTIC_WEIGHT);
        DuplicateEvaluation.Result result = DuplicateEvaluation.score("configured", ideas,
                DuplicateEvaluation.bestMatches(ideas, detector), CONFIGURED_THRESHOLD);
        System.out.println(result);
        assertTrue(result.positives() >= 20, "the set has enough duplicates to measure: " + result.positives());
        assertTrue(result.precision() >= 0.9, "precision " + result);
        assertTrue(result.recall() >= 0.8, "recall " + result);
    }

    @Test
    void theGlossaryCarriesGermanBusinessTermsToEnglish() {
        DuplicateDetector detector = new DuplicateDetector(Map.of("Vertriebsgebiet", "sales territory"), null, 0);
        assertTrue(detector.normalise("Außendienstmitarbeiter im Vertriebsgebiet").contains("sales rep"));
        assertTrue(detector.normalise("Außendienstmitarbeiter im Vertriebsgebiet").contains("sales territory"));
    }
}
