package dev.compass.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.localstack.DevTokens;
import dev.compass.localstack.OpenApiDocuments;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The story ./run tells, through the public APIs only: documents ingested and indexed; a question answered with page
 * citations; mix models fitted; the commercial agent finds an opportunity; the finance agent funds it from low-return
 * lines; one proposal approved by policy and one by a person; the ledger changed; the audit trail verified.
 *
 * <p>Usage: {@code DemoStory <keyDir> [host]}; the services listen on 8081..8084 unless COMPASS_INGESTION_PORT,
 * COMPASS_INSIGHT_PORT, COMPASS_AGENT_PORT or COMPASS_GOVERNANCE_PORT say otherwise (as for ./run).
 */
public final class DemoStory {
    private final Api ingestion;
    private final Api insight;
    private final Api agent;
    private final Api governance;
    private final DevTokens tokens;
    private final List<String> failures = new ArrayList<>();
    private volatile boolean checkOpenApi;
    /** What the story produced, for tests that check it. */
    public final Map<String, String> results = new LinkedHashMap<>();

    /** The groups of ana.analyst, who uploads the marketing documents. */
    private static final List<String> ANALYST_GROUPS = List.of("emea-marketing", "medical-affairs");

    /** Base URLs of ingestion, insight, agent and governance services. */
    public DemoStory(DevTokens tokens, String ingestionUrl, String insightUrl, String agentUrl, String governanceUrl) {
        this.tokens = tokens;
        String analyst = token("ana.analyst", List.of("employee", "analyst"), ANALYST_GROUPS);
        Api.Observer contract = this::holdToOpenApi;
        ingestion = new Api(ingestionUrl, analyst, contract);
        insight = new Api(insightUrl, analyst, contract);
        agent = new Api(agentUrl, analyst, contract);
        governance = new Api(governanceUrl, analyst, contract);
    }

    /**
     * Holds every answer of the story to the OpenAPI document its service serves: what the document does not describe
     * is a failure of the story. For the end-to-end tests; off by default.
     */
    public DemoStory checkingAnswersAgainstOpenApi() {
        checkOpenApi = true;
        return this;
    }

    private void holdToOpenApi(String method, URI uri, int status, String contentType, String body) {
        if (!checkOpenApi) {
            return;
        }
        List<String> violations = OpenApiDocuments.violations(method, uri, status, contentType, body);
        if (!violations.isEmpty()) {
            String what = method + " " + uri.getPath() + " answered " + status + ", which its OpenAPI document does not"
                    + " describe: " + String.join("; ", violations);
            say("   !! " + what);
            failures.add(what);
        }
    }

    /** A service's port: COMPASS_<SERVICE>_PORT, or its default. */
    static int port(String service, int fallback) {
        String v = System.getenv("COMPASS_" + service + "_PORT");
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    public static void main(String[] args) throws Exception {
        DevTokens tokens = DevTokens.loadOrCreate(Path.of(args.length > 0 ? args[0] : ".run/keys"));
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        DemoStory story = new DemoStory(tokens, "http://" + host + ":" + port("INGESTION", 8081),
                "http://" + host + ":" + port("INSIGHT", 8082), "http://" + host + ":" + port("AGENT", 8083),
                "http://" + host + ":" + port("GOVERNANCE", 8084));
        story.run();
        if (!story.failures.isEmpty()) {
            say("\nThe demo finished with " + story.failures.size() + " problem(s): " + story.failures);
            System.exit(1);
        }
    }

    String token(String subject, List<String> roles, List<String> groups) {
        return tokens.token(subject, roles, groups);
    }

    static void say(String s) {
        System.out.println(s);
    }

    static void chapter(String s) {
        System.out.println("\n\u001b[1m== " + s + "\u001b[0m");
    }

    void fail(String what, Api.Reply reply) {
        String detail = reply == null ? "no reply" : reply.status() + " " + (reply.raw() == null ? ""
                : reply.raw().substring(0, Math.min(300, reply.raw().length())));
        say("   !! " + what + ": " + detail);
        failures.add(what + " (" + (reply == null ? "no reply" : "status " + reply.status()) + ")");
    }

    /** The problems met, empty when the whole story ran. */
    public List<String> failures() {
        return failures;
    }

    public void run() throws Exception {
        registerAgents();
        Map<String, String> documents = ingestDocuments();
        askQuestion(documents);
        fitModels();
        startNegotiations();
        approveWaitingProposals();
        awaitCompletedNegotiations();
        verifyAudit();
    }

    // ------------------------------------------------------------------ governance: agents and policy

    public void registerAgents() throws Exception {
        chapter("1. Governance: agents with accountable owners, activated by a reviewer; a budget policy");
        Api reviewer = governance.as(token("rita.reviewer", List.of("reviewer"), List.of()));
        String[][] agents = {
            {"commercial-agent", "Commercial agent", "lena.fischer", "Finds investment opportunities from mix models and asks finance for funds", "LIMITED"},
            {"finance-agent", "Finance agent", "karl.berg", "Funds requests by reallocating low-return budget lines", "HIGH"},
        };
        for (String[] a : agents) {
            Api.Reply r = governance.post("/api/v1/agents", """
                    {"id":"%s","name":"%s","owner":"%s","purpose":"%s","tools":["mix-model","ledger","evidence"],
                     "dataScopes":["budget","mix-models"],"riskTier":"%s","model":"deterministic"}""".formatted(a[0], a[1], a[2], a[3], a[4]));
            if (r.status() != 201 && r.status() != 409) {
                fail("register " + a[0], r);
                continue;
            }
            Api.Reply activated = reviewer.post("/api/v1/agents/" + a[0] + "/status-changes",
                    "{\"action\":\"ACTIVATE\",\"reason\":\"reviewed for the demo\"}");
            say("   agent " + a[0] + " (owner " + a[2] + "): " + (activated.ok() ? activated.body().path("status").asText()
                    : "already " + governance.get("/api/v1/agents/" + a[0]).body().path("status").asText()));
        }
        Api admin = governance.as(token("adam.admin", List.of("admin"), List.of()));
        Api.Reply policy = admin.get("/api/v1/policies/budget");
        if (policy.ok()) {
            say("   budget policy: " + policy.raw());
        } else {
            fail("read the budget policy", policy);
        }
    }

    // ------------------------------------------------------------------ ingestion

    public Map<String, String> ingestDocuments() throws Exception {
        chapter("2. Ingestion: market research from SharePoint-like sites, judged for quality");
        Map<String, String> ids = new LinkedHashMap<>();
        for (DemoDocuments.DemoFile f : DemoDocuments.all()) {
            String metadata = Api.JSON.writeValueAsString(Map.of("site", f.site(), "path", f.path(), "title", f.title(),
                    "groups", f.groups(), "tags", Map.of("source", "demo")));
            String fileName = f.path().substring(f.path().lastIndexOf('/') + 1);
            // a document is shared only with groups its uploader is in: the finance memo comes from finance
            Api uploader = ANALYST_GROUPS.containsAll(f.groups()) ? ingestion
                    : ingestion.as(token("fiona.finance", List.of("employee", "analyst"), f.groups()));
            Api.Reply r = uploader.upload("/api/v1/documents", fileName, f.mediaType(), f.bytes(), metadata);
            if (!r.ok()) {
                fail("upload " + f.path(), r);
                continue;
            }
            ids.put(f.site() + f.path(), r.body().path("id").asText());
        }
        Api ops = ingestion.as(token("otto.ops", List.of("ops"), List.of()));
        for (Map.Entry<String, String> e : ids.entrySet()) {
            Api.Reply doc = ops.await("/api/v1/documents/" + e.getValue(),
                    b -> !b.path("status").asText().equals("RECEIVED"), Duration.ofSeconds(120));
            JsonNode b = doc == null ? Api.JSON.nullNode() : doc.body();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-62s %-11s", e.getKey(),
                    b.path("status").asText("?")));
            if (b.hasNonNull("duplicateOf")) {
                line.append(" of ").append(b.path("duplicateOf").asText());
                // a duplicate is not indexed: later chapters follow it to the document that holds the content (an
                // upload repeated after a fault, for instance, is an exact duplicate of its first attempt)
                if (b.path("status").asText().equals("DUPLICATE")) e.setValue(b.path("duplicateOf").asText());
            }
            if (b.hasNonNull("reason")) line.append(" ").append(b.path("reason").asText());
            JsonNode quality = b.path("quality");
            if (quality.has("score")) {
                line.append(" quality ").append(quality.path("score").asInt()).append("/100");
                List<String> reasons = new ArrayList<>();
                quality.path("reasons").forEach(q -> reasons.add(q.path("code").asText()));
                if (!reasons.isEmpty()) line.append(" ").append(reasons);
            }
            say(line.toString());
        }
        return ids;
    }

    // ------------------------------------------------------------------ insight: answers and synthesis

    public void askQuestion(Map<String, String> ids) throws Exception {
        chapter("3. Insight: a question answered with page citations, and an executive synthesis");
        String study = ids.get("emea-brand-cardiozen/studies/cardiozen-launch-tracker-2026.pdf");
        if (study != null) {
            Api.Reply status = insight.await("/api/v1/documents/" + study + "/index-status",
                    b -> b.path("status").asText().equals("INDEXED"), Duration.ofSeconds(180));
            say("   study index status: " + (status == null ? "?" : status.raw()));
        }
        String question = "What do cardiologists in Germany say about Cardiozen?";
        Api.Reply answer = insight.post("/api/v1/answers", "{\"question\":\"" + question + "\"}");
        if (!answer.ok()) {
            fail("answer", answer);
        } else {
            say("   Q: " + question);
            say("   A: " + flat(answer.body().path("answer").asText()));
            for (JsonNode c : answer.body().path("citations")) {
                String page = c.path("page").asInt() > 0 ? "p." + c.path("page").asInt() : "no pages";
                say(String.format(Locale.ROOT, "      [%s, %s, quality %d] \"%s\"", c.path("title").asText(), page,
                        c.path("quality").asInt(), abbreviate(flat(c.path("quote").asText()), 110)));
            }
            say("   grounded " + answer.body().path("grounded").asBoolean() + ", confidence "
                    + answer.body().path("confidence").asText() + ", mode " + answer.body().path("mode").asText());
        }
        Api.Reply outsider = insight.as(token("oscar.outsider", List.of("employee"), List.of("finance")))
                .post("/api/v1/search", "{\"query\":\"Cardiozen cardiologists Germany budget\",\"limit\":10}");
        if (outsider.ok()) {
            List<String> titles = new ArrayList<>();
            outsider.body().path("hits").forEach(h -> titles.add(h.path("title").asText()));
            say("   a caller in group 'finance' searching the same topic sees only " + titles.stream().distinct().toList()
                    + ": none of the marketing studies");
            if (titles.stream().anyMatch(t -> !t.startsWith("Budget memo"))) fail("access control", outsider);
        } else {
            fail("search as an outsider", outsider);
        }
        if (study != null) {
            Api.Reply summary = insight.await("/api/v1/documents/" + study + "/summary", b -> b.has("summary"),
                    Duration.ofSeconds(60));
            if (summary != null && summary.ok()) {
                say("   synthesis: " + abbreviate(flat(summary.body().path("summary").asText()), 300));
                for (JsonNode f : summary.body().path("findings")) {
                    say("    - " + abbreviate(flat(f.path("text").asText()), 140) + " (pages " + f.path("pages") + ")");
                }
            } else {
                fail("summary", summary);
            }
        }
    }

    // ------------------------------------------------------------------ mix models

    public void fitModels() throws Exception {
        chapter("4. Weekly spend and sales for two brands x three markets -> marketing-mix models");
        for (DemoDatasets.Dataset d : DemoDatasets.all()) {
            Api.Reply r = ingestion.postBody("/api/v1/datasets?brand=" + d.brand() + "&market=" + d.market()
                    + "&kpi=revenue&dateColumn=date&controls=price_index&channels=" + String.join(",", DemoDatasets.CHANNELS), "text/csv", d.csv().getBytes());
            say("   data set " + d.brand() + " " + d.market() + ": " + r.status() + " " + r.body().path("status").asText()
                    + (r.body().path("issues").size() > 0 ? " issues " + r.body().path("issues").size() : ""));
            if (!r.ok()) fail("data set " + d.brand() + " " + d.market(), r);
        }
        Api.Reply models = insight.await("/api/v1/mix-models?brand=Cardiozen&market=DE", b -> listOf(b).size() > 0,
                Duration.ofSeconds(240));
        if (models == null || !models.ok() || listOf(models.body()).isEmpty()) {
            fail("mix model Cardiozen DE", models);
            return;
        }
        String id = listOf(models.body()).get(0).path("id").asText();
        JsonNode model = insight.get("/api/v1/mix-models/" + id).body();
        say(String.format(Locale.ROOT, "   Cardiozen DE model %s: R2 %.2f, hold-out MAPE %.1f%%, baseline share %.0f%%", id,
                model.path("fit").path("r2").asDouble(), 100 * model.path("fit").path("holdoutMape").asDouble(),
                100 * model.path("baselineShare").asDouble()));
        say("   channel       weekly spend   ROI [interval]        marginal ROI");
        for (JsonNode c : model.path("channels")) {
            say(String.format(Locale.ROOT, "   %-12s %12.0f   %5.2f [%5.2f, %5.2f]   %6.2f", c.path("channel").asText(),
                    c.path("spend").asDouble() / Math.max(1, model.path("weeks").asInt()), c.path("roi").asDouble(),
                    c.path("roiLow").asDouble(), c.path("roiHigh").asDouble(), c.path("mroi").asDouble()));
        }
        // wait until every model is there, and has reached the agents (they read them from insight.mix-models.v1; a
        // conversation for a brand x market whose model they do not hold yet is refused)
        for (DemoDatasets.Dataset d : DemoDatasets.all()) {
            insight.await("/api/v1/mix-models?brand=" + d.brand() + "&market=" + d.market(), b -> listOf(b).size() > 0,
                    Duration.ofSeconds(240));
            Api.Reply held = agent.await("/api/v1/mix-models?brand=" + d.brand() + "&market=" + d.market(), b -> true,
                    Duration.ofSeconds(60));
            if (held == null || !held.ok()) fail("mix model " + d.brand() + " " + d.market() + " at the agents", held);
        }
    }

    static List<JsonNode> listOf(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode array = body.isArray() ? body : body.path("items");
        array.forEach(items::add);
        return items;
    }

    // ------------------------------------------------------------------ agents

    private String small;
    private String large;
    /** The data holds conversations of an earlier run of the demo, whose moves are still in effect. */
    private boolean earlierRun;
    private static final java.util.Set<String> ENDED = java.util.Set.of("COMPLETED", "REJECTED", "EXPIRED", "FAILED");

    public void startNegotiations() throws Exception {
        chapter("5. The budget plan, and two negotiations between the commercial and the finance agent");
        Api.Reply done = agent.get("/api/v1/conversations?status=COMPLETED&limit=500");
        earlierRun = done != null && done.ok() && listOf(done.body()).stream()
                .anyMatch(c -> c.path("brand").asText().equalsIgnoreCase("Cardiozen"));
        if (earlierRun) {
            say("   this data holds an earlier run of the demo: the money its agents moved stays in effect for the"
                    + " conversations' 13 weeks, and automatic approvals count against the policy's limits for 92 days,"
                    + " so the agents may find less to do and a person may have more to approve (./run --fresh starts"
                    + " from empty data)");
        }
        Api.Reply plan = agent.put("/api/v1/budget/lines", DemoDatasets.budgetPlanJson(DemoDatasets.all()));
        say("   budget plan 2027-Q1 imported: " + plan.status());
        if (!plan.ok()) fail("budget plan", plan);
        small = startConversation("Cardiozen", "DE", 40000);
        large = startConversation("Cardiozen", "FR", 400000);
        results.put("conversation.policy", small);
        results.put("conversation.person", large);
    }

    public void approveWaitingProposals() throws Exception {
        for (String id : List.of(small, large)) {
            if (id == null) continue;
            Api.Reply c = agent.await("/api/v1/conversations/" + id, b -> !b.path("status").asText().equals("OPEN"),
                    Duration.ofSeconds(180));
            printConversation(id, c);
        }
        Api approver = governance.as(token("marc.dubois", List.of("finance-approver"), List.of()));
        Api.Reply pending = approver.await("/api/v1/proposals?status=PENDING_APPROVAL", b -> listOf(b).size() > 0,
                Duration.ofSeconds(60));
        if (pending == null || listOf(pending.body()).isEmpty()) {
            if (earlierRun) {
                say("   no proposal waits for a person this time (see the earlier run above)");
            } else {
                fail("a proposal waiting for a person", pending);
            }
            return;
        }
        for (JsonNode p : listOf(pending.body())) {
            String proposalId = p.path("proposalId").asText(p.path("id").asText());
            Api.Reply decision = approver.post("/api/v1/proposals/" + proposalId + "/decisions",
                    "{\"decision\":\"APPROVE\",\"comment\":\"digital shift agreed with the brand team\"}");
            say("   marc.dubois (finance-approver) approves proposal " + proposalId + ": " + decision.status());
            if (!decision.ok()) fail("manual approval", decision);
        }
    }

    public void awaitCompletedNegotiations() throws Exception {
        for (String id : List.of(small, large)) {
            if (id == null) continue;
            Api.Reply c = agent.await("/api/v1/conversations/" + id, b -> ENDED.contains(b.path("status").asText()),
                    Duration.ofSeconds(120));
            JsonNode messages = c == null ? null : c.body().path("messages");
            String last = messages == null || messages.isEmpty() ? "" : messages.get(messages.size() - 1).path("text").asText();
            say("   conversation " + id + ": " + (c == null ? "?" : c.body().path("status").asText())
                    + (last.isEmpty() ? "" : ". " + last));
            boolean completed = c != null && c.body().path("status").asText().equals("COMPLETED");
            if (!completed && earlierRun && c != null && c.body().path("status").asText().equals("FAILED")) {
                say("   (an earlier run's moves are still in effect: " + c.body().path("reason").asText() + ")");
            } else if (!completed) {
                fail("conversation " + id, c);
            }
        }
        Api.Reply lines = agent.get("/api/v1/budget/lines?brand=Cardiozen&market=FR");
        say("   Cardiozen FR budget lines after the approved moves:");
        for (JsonNode l : listOf(lines.body())) {
            say(String.format(Locale.ROOT, "      %-14s %12.0f  (%d change(s))", l.path("channel").asText(),
                    l.path("amount").asDouble(), l.path("history").size()));
        }
    }

    String startConversation(String brand, String market, double amount) throws Exception {
        Api commercial = agent.as(token("lena.fischer", List.of("employee", "analyst"), List.of("emea-marketing")));
        Api.Reply r = commercial.post("/api/v1/conversations", String.format(Locale.ROOT,
                "{\"brand\":\"%s\",\"market\":\"%s\",\"objective\":\"Grow new-patient starts among younger cardiologists\","
                        + "\"requestedAmount\":%.0f,\"horizonWeeks\":13}", brand, market, amount));
        if (!r.ok()) {
            fail("start conversation " + brand + " " + market, r);
            return null;
        }
        String id = r.body().path("conversationId").asText();
        say("   " + brand + " " + market + ": conversation " + id + " started (up to " + (long) amount + " EUR)");
        return id;
    }

    void printConversation(String id, Api.Reply c) {
        if (c == null) {
            fail("conversation " + id, null);
            return;
        }
        say("   --- conversation " + id + " (" + c.body().path("status").asText() + ")");
        for (JsonNode m : c.body().path("messages")) {
            say(String.format("   %-16s -> %-16s %-8s %s", m.path("from").asText(), m.path("to").asText(),
                    m.path("performative").asText(), abbreviate(m.path("text").asText(), 160)));
        }
    }

    // ------------------------------------------------------------------ audit

    public void verifyAudit() throws Exception {
        chapter("6. The audit trail: every event, hash-chained and verified");
        Api ops = governance.as(token("otto.ops", List.of("ops"), List.of()));
        Api.Reply v = ops.await("/api/v1/audit/verification", b -> b.path("records").asLong() > 0, Duration.ofSeconds(30));
        say("   verification: " + (v == null ? "?" : v.raw()));
        if (v == null || !v.body().path("valid").asBoolean()) fail("audit verification", v);
        say("\nWhere to look next: GET /api/v1/audit?conversationId=<id> on :" + port("GOVERNANCE", 8084) + " for the"
                + " whole story of a negotiation, /q/swagger-ui on every service, topics with any Kafka client on"
                + " 127.0.0.1:" + port("KAFKA", 9092) + ".");
    }

    static String flat(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
