package dev.compass.documents;

/** Why a document was quarantined. */
public enum QuarantineReason {
    /** Password-protected, DRM/IRM-protected, or permissions forbid text extraction. */
    ENCRYPTED,
    /** The bytes do not form a valid document of the detected type. */
    CORRUPT,
    /** No parser for the detected media type (unknown binary, images, executables...). */
    UNSUPPORTED_TYPE,
    /** Zero bytes, or no extractable text. */
    EMPTY,
    /** Over the byte, character, or decompression limits (zip bombs end here). */
    TOO_LARGE,
    /** The parse did not finish within the per-document time limit. */
    TIMEOUT
}
