package dev.compass.documents.chunking;

import dev.compass.documents.parse.TextBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Structure-aware chunking: sentences are packed in document order into chunks of at most
 * {@code maxTokens}; a heading starts a new chunk (unless the current one is still tiny); consecutive
 * chunks of one section share whole trailing sentences (~overlapRatio). Only a sentence longer than
 * the bound is split, at word boundaries. Stateless and thread-safe.
 */
public final class Chunker {
    private final ChunkingConfig config;

    public Chunker(ChunkingConfig config) {
        this.config = config;
    }

    private record Unit(String text, int tokens, int page, List<String> path, boolean heading, boolean blockStart) {
    }

    /** Chunks the blocks of one document. */
    public List<Chunk> chunk(List<TextBlock> blocks) {
        List<Chunk> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int tokens = 0;
        int overlapBudget = (int) Math.floor(config.maxTokens() * config.overlapRatio());
        for (TextBlock block : blocks) {
            boolean first = true;
            for (Unit u : units(block)) {
                u = first ? u : new Unit(u.text, u.tokens, u.page, u.path, u.heading, false);
                first = false;
                if (!current.isEmpty()) {
                    if (u.heading && u.blockStart && tokens >= config.minTokens()) {
                        chunks.add(build(chunks.size(), current));
                        current = new ArrayList<>();
                        tokens = 0;
                    } else if (tokens + u.tokens > config.maxTokens()) {
                        chunks.add(build(chunks.size(), current));
                        current = tail(current, overlapBudget, config.maxTokens() - u.tokens, u.heading);
                        tokens = sum(current);
                    }
                }
                current.add(u);
                tokens += u.tokens;
            }
        }
        if (!current.isEmpty()) chunks.add(build(chunks.size(), current));
        return chunks;
    }

    private List<Unit> units(TextBlock block) {
        List<Unit> out = new ArrayList<>();
        for (String s : SentenceSplitter.split(block.text())) {
            int t = TokenEstimator.estimate(s);
            if (t <= config.maxTokens()) {
                out.add(new Unit(s, t, block.page(), block.headingPath(), block.heading(), out.isEmpty()));
            } else {
                for (String piece : splitLong(s)) {
                    out.add(new Unit(piece, TokenEstimator.estimate(piece), block.page(), block.headingPath(),
                            block.heading(), out.isEmpty()));
                }
            }
        }
        return out;
    }

    /**
     * Splits an over-long sentence at spaces (or anywhere, for text without spaces) under the bound. The
     * estimate of the piece being built is kept running, so each candidate is not re-estimated from its start.
     */
    private List<String> splitLong(String s) {
        List<String> out = new ArrayList<>();
        int max = config.maxTokens() - 2;
        StringBuilder cur = new StringBuilder();
        TokenEstimator.Running curTokens = new TokenEstimator.Running(); // estimate of cur
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            String word = sp < 0 ? s.substring(i) : s.substring(i, sp + 1);
            i = sp < 0 ? s.length() : sp + 1;
            if (TokenEstimator.estimate(word) > max) { // a "word" over the bound (CJK text, base64): cut by characters
                for (int k = 0; k < word.length(); ) {
                    // the longest word[k, end) whose estimate is within the bound
                    TokenEstimator.Running piece = new TokenEstimator.Running();
                    int end = k;
                    while (end < word.length()) {
                        piece.append(word, end, end + 1);
                        if (piece.value() > max) break;
                        end++;
                    }
                    end = Math.max(end, k + 1);
                    flushIfOver(out, cur, curTokens, word.substring(k, end), max);
                    k = end;
                }
            } else {
                flushIfOver(out, cur, curTokens, word, max);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    /** Appends next to cur, first closing cur as a piece if cur + next would be over the bound. */
    private static void flushIfOver(List<String> out, StringBuilder cur, TokenEstimator.Running curTokens, String next,
                                    int max) {
        if (cur.length() > 0) {
            TokenEstimator.Running joined = curTokens.copy().append(next);
            if (joined.value() > max) {
                out.add(cur.toString().strip());
                cur.setLength(0);
                curTokens.reset();
                curTokens.append(next);
            } else {
                curTokens.set(joined);
            }
        } else {
            curTokens.append(next);
        }
        cur.append(next);
    }

    /** Trailing whole sentences of the closed chunk, within the overlap budget and leaving room for the next unit. */
    private static List<Unit> tail(List<Unit> closed, int budget, int room, boolean nextIsHeading) {
        List<Unit> t = new ArrayList<>();
        if (nextIsHeading) return t;
        int limit = Math.min(budget, room);
        int sum = 0;
        for (int i = closed.size() - 1; i > 0; i--) {
            Unit u = closed.get(i);
            if (sum + u.tokens > limit) break;
            t.add(0, u);
            sum += u.tokens;
        }
        return t;
    }

    private static int sum(List<Unit> units) {
        int s = 0;
        for (Unit u : units) s += u.tokens;
        return s;
    }

    private static Chunk build(int ordinal, List<Unit> units) {
        StringBuilder sb = new StringBuilder();
        List<String> common = units.get(0).path;
        int pageStart = units.get(0).page;
        int pageEnd = pageStart;
        for (Unit u : units) {
            if (sb.length() > 0) sb.append(u.blockStart ? '\n' : ' ');
            sb.append(u.text);
            common = commonPrefix(common, u.path);
            if (u.page > 0 && (pageStart == 0 || u.page < pageStart)) pageStart = u.page;
            pageEnd = Math.max(pageEnd, u.page);
        }
        String text = sb.toString();
        return new Chunk(ordinal, pageStart, pageEnd, common, text, TokenEstimator.estimate(text));
    }

    private static List<String> commonPrefix(List<String> a, List<String> b) {
        if (a == b) return a;
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) n++;
        return n == a.size() ? a : a.subList(0, n);
    }
}
