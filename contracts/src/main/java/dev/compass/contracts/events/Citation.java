package dev.compass.contracts.events;

/** A citation: a quote that is an exact substring of the cited chunk, with its page and source quality. */
public record Citation(String documentId, String chunkId, String title, Integer page, String quote, int quality) {}
