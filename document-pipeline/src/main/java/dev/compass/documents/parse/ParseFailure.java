package dev.compass.documents.parse;

import dev.compass.documents.QuarantineReason;

/** A parse that ended in quarantine; carries the reason and a human-readable detail. */
public final class ParseFailure extends Exception {
    private final QuarantineReason reason;
    private final String mediaType;

    public ParseFailure(QuarantineReason reason, String detail, String mediaType, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
        this.mediaType = mediaType;
    }

    public QuarantineReason reason() { return reason; }

    public String mediaType() { return mediaType; }
}
