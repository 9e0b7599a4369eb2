package dev.compass.documents.parse;

import dev.compass.documents.QuarantineReason;

import java.util.Locale;

/** Maps a parse exception (walking its causes) to a quarantine reason and a readable detail. */
final class FailureClassifier {
    private FailureClassifier() {
    }

    static ParseFailure classify(Throwable t, String mediaType) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String cls = c.getClass().getName();
            String msg = String.valueOf(c.getMessage());
            String lower = msg.toLowerCase(Locale.ROOT);
            if (c instanceof StructureHandler.LimitReached) {
                return new ParseFailure(QuarantineReason.TOO_LARGE, "extracted text over the limit: " + msg, mediaType, t);
            }
            if (c instanceof StructureHandler.Cancelled || c instanceof InterruptedException
                    || c instanceof java.io.InterruptedIOException || c instanceof java.nio.channels.ClosedByInterruptException) {
                return new ParseFailure(QuarantineReason.TIMEOUT, "parse exceeded the time limit", mediaType, t);
            }
            if (c instanceof OutOfMemoryError) {
                return new ParseFailure(QuarantineReason.TOO_LARGE, "parser ran out of memory", mediaType, t);
            }
            if (cls.endsWith("ZipBombException") || lower.contains("zip bomb") || lower.contains("max entry size")
                    || lower.contains("maxentrysize") || lower.contains("file size exceeds")
                    || lower.contains("zip64") && lower.contains("too large")) {
                return new ParseFailure(QuarantineReason.TOO_LARGE, "decompression limit: " + shorten(msg), mediaType, t);
            }
            if (cls.endsWith("EncryptedDocumentException") || cls.endsWith("AccessPermissionException")
                    || cls.endsWith("InvalidPasswordException") || lower.contains("password")
                    || lower.contains("encrypted") || lower.contains("drm") || lower.contains("rights management")) {
                String what = cls.endsWith("AccessPermissionException")
                        ? "document permissions forbid text extraction" : "document is encrypted or password-protected";
                return new ParseFailure(QuarantineReason.ENCRYPTED, what + " (" + shorten(msg) + ")", mediaType, t);
            }
            if (lower.contains("strict ooxml")) {
                return new ParseFailure(QuarantineReason.UNSUPPORTED_TYPE, "Strict OOXML variant is not supported by "
                        + "Apache POI (bug 57699); re-save as standard (transitional) OOXML", mediaType, t);
            }
            if (cls.endsWith("UnsupportedFormatException")) {
                return new ParseFailure(QuarantineReason.UNSUPPORTED_TYPE, "unsupported format variant: " + shorten(msg), mediaType, t);
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return new ParseFailure(QuarantineReason.CORRUPT, "cannot be parsed as " + mediaType + ": "
                + root.getClass().getSimpleName() + ": " + shorten(String.valueOf(root.getMessage())), mediaType, t);
    }

    static String shorten(String s) {
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() > 240 ? s.substring(0, 240) + "..." : s;
    }
}
