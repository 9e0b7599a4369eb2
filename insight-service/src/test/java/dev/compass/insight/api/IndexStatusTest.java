package dev.compass.insight.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.compass.insight.persistence.ChunkStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexStatusTest {

    private static ChunkStore.DocumentRow doc(String status, int total, int embedded) {
        return new ChunkStore.DocumentRow("d1", "Study", "site", List.of("g"), total, status, 80, total, embedded, null);
    }

    @Test
    void anIndexedDocumentWhoseVectorsAreBeingComputedAgainIsPendingUntilTheyAre() {
        // after a change of embedding model every stored vector is cleared and computed anew
        assertEquals(new DocumentResource.IndexStatus("d1", "PENDING", 3, 8, null),
                DocumentResource.IndexStatus.of(doc("INDEXED", 8, 3)));
        assertEquals(new DocumentResource.IndexStatus("d1", "INDEXED", 8, 8, null),
                DocumentResource.IndexStatus.of(doc("INDEXED", 8, 8)));
    }

    @Test
    void pendingAndDeletedDocumentsKeepTheirStatus() {
        assertEquals("PENDING", DocumentResource.IndexStatus.of(doc("PENDING", 8, 8)).status());
        assertEquals(new DocumentResource.IndexStatus("d1", "DELETED", 0, 8, null),
                DocumentResource.IndexStatus.of(doc("DELETED", 8, 8)));
    }
}
