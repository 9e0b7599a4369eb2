package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Walks a paged list endpoint by its Link rel="next" headers and checks what every caller relies on. */
final class Pages {

    record Item(String id, Instant at) {}

    private Pages() {
    }

    /**
     * Every item of the listing from {@code first} on, page by page; asserts that no page is larger than
     * {@code limit}, no item appears twice and the items are ordered by {@code timeField} as stated.
     */
    static List<Item> walk(String token, String first, int limit, String timeField, boolean newestFirst) {
        List<Item> items = new ArrayList<>();
        String next = first;
        while (next != null) {
            Response page = given().auth().oauth2(token).get(next);
            page.then().statusCode(200);
            List<String> ids = page.jsonPath().getList("id");
            List<String> times = page.jsonPath().getList(timeField);
            assertTrue(!ids.isEmpty() && ids.size() <= limit, "a page of 1 to " + limit + ": " + ids);
            for (int i = 0; i < ids.size(); i++) {
                items.add(new Item(ids.get(i), Instant.parse(times.get(i))));
            }
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        assertEquals(items.size(), new HashSet<>(items.stream().map(Item::id).toList()).size(), "an item twice");
        for (int i = 1; i < items.size(); i++) {
            Instant before = items.get(i - 1).at();
            Instant at = items.get(i).at();
            assertTrue(newestFirst ? !at.isAfter(before) : !at.isBefore(before), "order by " + timeField + ": " + items);
        }
        return items;
    }
}
