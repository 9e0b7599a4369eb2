package dev.compass.insight;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.compass.insight.persistence.ChunkStore;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import dev.compass.retrieval.embedding.Embedder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Several insight instances search the same record: a chunk another instance embedded becomes searchable here, and a
 * document another instance removed disappears here, without a restart or a rebuild (each instance's index follows
 * the feed of stored vectors and removals in PostgreSQL).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "insight"))
class IndexFeedTest {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Embedder embedder;

    static final String USER = TestStack.token("feed-reader", List.of("employee"), List.of("feed"));

    static io.restassured.response.ValidatableResponse search(String query) {
        return given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"query\":\"" + query + "\",\"mode\":\"lexical\"}").post("/api/v1/search").then().statusCode(200);
    }

    @Test
    void whatAnotherInstanceIndexesOrRemovesIsSearchedHereToo() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String doc = "feed-doc-" + run;
        String word = "zanthoxylum" + run;
        String text = "Market research on " + word + " adherence among cardiology patients in Spain.";
        try (Connection c = dataSource.getConnection()) {
            // what another instance's consumer and indexer record: the document, its chunk and the stored vector
            try (PreparedStatement ps = c.prepareStatement("insert into document (document_id, title, site,"
                    + " access_groups, total_chunks, status, quality) values (?, ?, 'elsewhere', '{feed}', 1, 'INDEXED', 80)")) {
                ps.setString(1, doc);
                ps.setString(2, "Feed study " + run);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into chunk (chunk_id, document_id, ordinal, page,"
                    + " title, text, access_groups, site, quality, vector, embedder, indexed_seq, indexed_at, indexed_by)"
                    + " values (?, ?, 0, 1, ?, ?, '{feed}', 'elsewhere', 80, ?, ?, nextval('chunk_indexed_seq'), now(),"
                    + " 'another-instance')")) {
                ps.setString(1, doc + "-0");
                ps.setString(2, doc);
                ps.setString(3, "Feed study " + run);
                ps.setString(4, text);
                ps.setBytes(5, ChunkStore.bytes(embedder.embed(text)));
                ps.setString(6, embedder.name());
                ps.executeUpdate();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                search(word).body("hits.documentId", hasItem(doc)));

        // the other instance deletes the document: its chunks go, and the removal is recorded for every instance
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("delete from chunk where document_id = ?")) {
                ps.setString(1, doc);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into index_removal (document_id) values (?)")) {
                ps.setString(1, doc);
                ps.executeUpdate();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                search(word).body("hits.documentId", not(hasItem(doc))));
    }
}
