package dev.compass.documents.chunking;

import dev.compass.documents.parse.TextBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Structure-aware chunking: sentences are packed in document order into chunks of at most
 * {@code maxTokens}; a page starts a new chunk (a chunk never spans pages, so its page is every quote's page); a
 * heading starts a new chunk (unless the current one is still tiny); consecutive
 * chunks of one section share whole trailing sentences (~overlapRatio). Only a sentence longer than
 * the bound is split, at word boundaries. Stateless and thread-safe.
 */
public final class Chunker {
    private final ChunkingConfig config;

    public Chunker(ChunkingConfig config) {
        this.config = config;
    }

    /**
     * A sentence (or piece of an over-long one): {@code source[from, to)}, usually a range of its block's text (no
     * copy). {@code addFrom..addTo}: its token-estimate additions in the document's {@link TokenEstimator.Additions},
     * from which the estimate of a chunk is summed without re-reading its text.
     */
    private record Unit(String source, int from, int to, int tokens, int page, List<String> path, boolean heading,
                        boolean blockStart, int addFrom, int addTo) {
        int length() { return to - from; }
    }

    /** Chunks the blocks of one document. */
    public List<Chunk> chunk(List<TextBlock> blocks) {
        List<Chunk> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        TokenEstimator.Additions additions = new TokenEstimator.Additions();
        List<Unit> units = new ArrayList<>();
        SentenceSplitter.Ranges sentences = new SentenceSplitter.Ranges();
        int tokens = 0;
        int overlapBudget = (int) Math.floor(config.maxTokens() * config.overlapRatio());
        for (TextBlock block : blocks) {
            units.clear();
            units(block, sentences, additions, units); // the first unit of a block is its block start, the others are not
            for (Unit u : units) {
                if (!current.isEmpty()) {
                    // a new page starts a new chunk, with no overlap: every chunk lies on one page, so a finding or an
                    // answer quoting it cites the page its sentence is on
                    boolean newPage = u.page != current.get(current.size() - 1).page;
                    if (newPage || u.heading && u.blockStart && tokens >= config.minTokens()) {
                        chunks.add(build(chunks.size(), current, additions));
                        current = new ArrayList<>();
                        tokens = 0;
                    } else if (tokens + u.tokens > config.maxTokens()) {
                        chunks.add(build(chunks.size(), current, additions));
                        current = tail(current, overlapBudget, config.maxTokens() - u.tokens, u.heading);
                        tokens = sum(current);
                    }
                }
                current.add(u);
                tokens += u.tokens;
            }
        }
        if (!current.isEmpty()) chunks.add(build(chunks.size(), current, additions));
        return chunks;
    }

    private void units(TextBlock block, SentenceSplitter.Ranges sentences, TokenEstimator.Additions additions,
                       List<Unit> out) {
        String text = block.text();
        SentenceSplitter.split(text, sentences);
        for (int k = 0; k < sentences.size(); k++) {
            int sFrom = sentences.from(k);
            int sTo = sentences.to(k);
            int from = additions.size();
            int t = additions.scan(text, sFrom, sTo);
            if (t <= config.maxTokens()) {
                out.add(new Unit(text, sFrom, sTo, t, block.page(), block.headingPath(), block.heading(), out.isEmpty(),
                        from, additions.size()));
            } else {
                additions.truncate(from);
                for (String piece : splitLong(text.substring(sFrom, sTo))) {
                    int pieceFrom = additions.size();
                    int pt = additions.scan(piece, 0, piece.length());
                    out.add(new Unit(piece, 0, piece.length(), pt, block.page(), block.headingPath(), block.heading(),
                            out.isEmpty(), pieceFrom, additions.size()));
                }
            }
        }
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

    /**
     * The chunk of these units: their texts joined by a line break (before a block start) or a space. Its token
     * estimate is {@code TokenEstimator.estimate(text)}, summed from the units' recorded additions: unit texts are
     * stripped and joined by whitespace, which closes the last word and resets the estimator's state, so the
     * estimate of the joined text makes exactly the units' additions in order.
     */
    private static Chunk build(int ordinal, List<Unit> units, TokenEstimator.Additions additions) {
        int length = units.size();
        for (Unit u : units) length += u.length();
        StringBuilder sb = new StringBuilder(length);
        List<String> common = units.get(0).path;
        List<String> lastPath = null;
        int pageStart = units.get(0).page;
        int pageEnd = pageStart;
        double tokens = 0;
        for (Unit u : units) {
            if (sb.length() > 0) sb.append(u.blockStart ? '\n' : ' ');
            sb.append(u.source, u.from, u.to);
            tokens = additions.sum(tokens, u.addFrom, u.addTo);
            if (u.path != lastPath) { // units of one block share its path: compare once
                common = commonPrefix(common, u.path);
                lastPath = u.path;
            }
            if (u.page > 0 && (pageStart == 0 || u.page < pageStart)) pageStart = u.page;
            pageEnd = Math.max(pageEnd, u.page);
        }
        return new Chunk(ordinal, pageStart, pageEnd, common, sb.toString(), (int) Math.ceil(tokens));
    }

    private static List<String> commonPrefix(List<String> a, List<String> b) {
        if (a == b) return a;
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) n++;
        return n == a.size() ? a : a.subList(0, n);
    }
}
