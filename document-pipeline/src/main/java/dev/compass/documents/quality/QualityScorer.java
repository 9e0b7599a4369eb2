package dev.compass.documents.quality;

import dev.compass.documents.dedupe.DuplicateCandidate;
import dev.compass.documents.metadata.DocumentMetadata;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Scores a document 0..100 with itemised reasons. Thread-safe. */
public final class QualityScorer {
    private static final List<String> STUDY = List.of("study", "survey", "market research", "respondents",
            "fieldwork", "questionnaire", "studie", "étude");
    private static final List<String> METHOD = List.of("sample", "respondents", "methodology", "method", "stichprobe",
            "échantillon", "méthodologie", "befragte");
    private static final Pattern N_EQUALS = Pattern.compile("(?<![\\p{L}\\d])[nN]\\s*=\\s*\\d");
    private static final int SCAN = 300_000;

    private final QualityWeights weights;
    private final Clock clock;

    public QualityScorer(QualityWeights weights, Clock clock) {
        this.weights = weights;
        this.clock = clock;
    }

    public QualityScore score(DocumentMetadata md, String text, List<DuplicateCandidate> nearDuplicates,
                              List<String> warnings) {
        List<QualityReason> reasons = new ArrayList<>();
        LocalDate date = md.effectiveDate();
        if (date == null) {
            reasons.add(new QualityReason("NO_DATE", weights.noDate(), "no creation, modification or study date found"));
        } else {
            int years = Period.between(date, LocalDate.now(clock)).getYears();
            if (years >= weights.staleYears()) {
                reasons.add(new QualityReason("STALE", weights.stale(),
                        "dated " + date + ", " + years + " years old (stale from " + weights.staleYears() + ")"));
            }
        }
        if (md.authors().isEmpty()) {
            reasons.add(new QualityReason("NO_AUTHOR", weights.noAuthor(), "no author in the document properties"));
        }
        String sample = text.length() > SCAN ? text.substring(0, SCAN) : text;
        String lower = sample.toLowerCase(Locale.ROOT);
        if (containsAny(lower, STUDY) && !containsAny(lower, METHOD) && !N_EQUALS.matcher(sample).find()) {
            reasons.add(new QualityReason("NO_METHOD", weights.noMethod(),
                    "reads like a study but states no method or sample size (n=, sample, respondents, methodology)"));
        }
        if (md.wordCount() < weights.minWords()) {
            reasons.add(new QualityReason("LITTLE_TEXT", weights.littleText(),
                    md.wordCount() + " words (under " + weights.minWords() + ")"));
        }
        if (!nearDuplicates.isEmpty()) {
            DuplicateCandidate best = nearDuplicates.get(0);
            reasons.add(new QualityReason("NEAR_DUPLICATE", weights.nearDuplicate(), String.format(Locale.ROOT,
                    "near duplicate of %s (%s %s), estimated Jaccard %.2f", best.documentId(), best.site(), best.path(),
                    best.estimatedJaccard())));
        }
        if (!warnings.isEmpty()) {
            reasons.add(new QualityReason("PARSE_WARNINGS", weights.parseWarnings(),
                    warnings.size() + " parse warning(s): " + warnings.get(0)));
        }
        int score = 100;
        for (QualityReason r : reasons) score -= r.points();
        return new QualityScore(Math.max(0, score), List.copyOf(reasons));
    }

    private static boolean containsAny(String text, List<String> words) {
        for (String w : words) if (text.contains(w)) return true;
        return false;
    }
}
