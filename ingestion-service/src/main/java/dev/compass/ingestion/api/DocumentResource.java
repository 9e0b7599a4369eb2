package dev.compass.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.events.Quality;
import dev.compass.contracts.schema.EventJson;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.ingestion.persistence.DocumentRecord;
import dev.compass.ingestion.persistence.DocumentStore;
import dev.compass.ingestion.processing.DocumentService;
import dev.compass.ingestion.processing.ReceiveRequest;
import dev.compass.kit.json.ApiJson;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.problem.Problem;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Documents: upload (accepted fast, processed asynchronously), status, listing, originals, deletion. */
@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    private static final Set<String> STATUSES = Set.of("RECEIVED", "PUBLISHED", "DUPLICATE", "QUARANTINED", "DELETED");

    @Inject
    DocumentService documents;
    @Inject
    DocumentStore store;
    @Inject
    Caller caller;

    public record Accepted(String id, String status) {}

    public record DocumentView(String id, String status, String reason, String detail, String duplicateOf,
            String site, String path, String title, String fileName, String mediaType, String contentHash,
            long sizeBytes, List<String> groups, Map<String, String> tags, DocumentMetadata metadata,
            Quality quality, Integer chunks, String sourceId, Instant createdAt, Instant updatedAt) {}

    public record Page(List<DocumentView> items, String nextCursor) {}

    /**
     * An upload has one {@code file} part and at most one {@code metadata} part: a second file, or a part of another
     * name, would otherwise be dropped without a word (the framework binds the first part of each name it knows).
     */
    static void onePartEach(MultipartFormDataInput form) {
        if (form == null) {
            return;
        }
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        new java.util.TreeMap<>(form.getValues()).forEach((name, values) -> {
            if (!name.equals("file") && !name.equals("metadata")) {
                errors.add(new Problem.FieldError(name, "not a part of an upload; it has file and metadata"));
            } else if (values.size() > 1) {
                errors.add(new Problem.FieldError(name, "given " + values.size() + " times; an upload has one"
                        + (name.equals("file") ? " file (upload each file on its own)" : " metadata part")));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** The metadata part of an upload. */
    record UploadMetadata(String site, String path, String title, List<String> groups, Map<String, String> tags) {}

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Upload a document: 202 with its id (processed asynchronously); the same bytes at the same"
            + " site and path with the same groups again: 200 with the existing id; with other groups: a new version"
            + " (202) that replaces the old one")
    @APIResponse(responseCode = "202", description = "Received: parsed asynchronously; follow the Location",
            headers = @Header(name = "Location", description = "the document",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "200",
            description = "The same bytes at the same site and path, with the same groups, were received before: the"
                    + " existing document",
            headers = @Header(name = "Location", description = "the document",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "403", description = "The caller may not upload documents, names a group they are not"
            + " a member of, or would replace (with other groups) a version shared with a group they are not in")
    public Response upload(@RestForm("file") FileUpload file, @RestForm("metadata") String metadataJson,
            @Parameter(hidden = true) MultipartFormDataInput form) {
        onePartEach(form);
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.invalid("file", "a file part is required");
        }
        UploadMetadata md = parseMetadata(metadataJson);
        List<String> groups = md.groups() == null ? List.of() : md.groups();
        mayShareWith(groups);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the uploaded file: " + e.getMessage());
        }
        String fileName = file.fileName();
        if (fileName != null && fileName.length() > 255) {
            throw ApiException.invalid("file", "a file name has at most 255 characters");
        }
        String path = md.path() != null && !md.path().isBlank() ? md.path() : "/" + (fileName == null ? "upload" : fileName);
        String declared = file.contentType() == null || file.contentType().equals(MediaType.APPLICATION_OCTET_STREAM)
                ? null : file.contentType();
        // the same bytes at the same place replace a document when the groups differ (the same upload again, groups
        // unchanged, is the idempotent retry it always was)
        store.findUpload(md.site(), path, DuplicateDetector.contentHash(bytes)).ifPresent(d -> {
            if (!Set.copyOf(d.groups()).equals(Set.copyOf(groups))) {
                mayReplace(d);
            } else if (!unrestricted() && !mayRead(d)) {
                // the idempotent retry answers with the document's id: not to a caller who may not read it
                throw ApiException.forbidden("these bytes at this site and path belong to a document you may not"
                        + " read; it is not uploaded again");
            }
        });
        DocumentService.Received r = documents.receive(new ReceiveRequest(md.site(), path, md.title(),
                fileName != null ? fileName : path.substring(path.lastIndexOf('/') + 1), declared,
                groups, md.tags() == null ? Map.of() : md.tags(), bytes,
                null));
        Accepted body = new Accepted(r.id(), r.status());
        return r.created()
                ? Response.accepted(body).location(URI.create("/api/v1/documents/" + r.id())).build()
                : Response.ok(body).location(URI.create("/api/v1/documents/" + r.id())).build();
    }

    /** Ops and admins are exempt from the upload rules below: they may read and share every document. */
    private boolean unrestricted() {
        return caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN);
    }

    /**
     * A caller shares a document only with groups they are a member of, otherwise anyone could plant text in the
     * search results of a group they are not in. No groups at all shares it with no one but ops and admins (see
     * {@link #mayRead}), which grants nothing, so anyone may.
     */
    private void mayShareWith(List<String> groups) {
        if (unrestricted()) {
            return;
        }
        if (groups.isEmpty()) {
            // it would be stored, and then shared with no one but ops and admins: its uploader could neither read it
            // back nor delete it, and the 202's Location would answer them 404
            throw ApiException.invalid("metadata.groups", "name at least one of your groups: a document without groups"
                    + " is shared with no one but ops and admins, you included");
        }
        List<String> outside = notMine(groups);
        if (!outside.isEmpty()) {
            String message = "you may share a document only with groups you are a member of; you are not in "
                    + String.join(", ", outside);
            throw new ApiException(403, "Forbidden", "metadata.groups: " + message,
                    List.of(new Problem.FieldError("metadata.groups", message)));
        }
    }

    /**
     * Replacing a version by one with other groups takes access away from the old groups, so it needs a member of every
     * one of them. A caller who may not read the old version is not told its id or groups.
     */
    private void mayReplace(DocumentRecord old) {
        if (unrestricted()) {
            return;
        }
        if (!mayRead(old)) {
            throw ApiException.forbidden("these bytes at this site and path belong to a document you may not change;"
                    + " only a member of every group it is shared with can upload it again with other groups");
        }
        List<String> outside = notMine(old.groups());
        if (!outside.isEmpty()) {
            throw ApiException.forbidden("document " + old.id() + " holds these bytes at this site and path, shared"
                    + " with " + String.join(", ", old.groups()) + "; uploading it with other groups replaces it and"
                    + " takes access away from those groups, which needs a member of all of them: you are not in "
                    + String.join(", ", outside));
        }
    }

    /** The groups, in order and once each, the caller is not a member of. */
    private List<String> notMine(List<String> groups) {
        Set<String> mine = Set.copyOf(caller.groups());
        return groups.stream().filter(g -> !mine.contains(g)).distinct().toList();
    }

    /** The properties of an upload's metadata part, in the order a caller is told them. */
    static final List<String> METADATA_PROPERTIES = List.of("groups", "path", "site", "tags", "title");

    private static UploadMetadata parseMetadata(String json) {
        if (json == null || json.isBlank()) {
            throw ApiException.invalid("metadata", "a metadata part (JSON with site, path, groups) is required");
        }
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw ApiException.invalid("metadata", "not valid JSON");
        }
        if (!node.isObject()) {
            throw ApiException.invalid("metadata", "must be a JSON object");
        }
        // read as strictly as a JSON body: a misspelt "group" must not leave a restricted document open to everyone
        node.fieldNames().forEachRemaining(name -> {
            if (!METADATA_PROPERTIES.contains(name)) {
                throw ApiException.invalid("metadata." + name, "not a property of the metadata; it has "
                        + String.join(", ", METADATA_PROPERTIES));
            }
        });
        String site = text(node, "site");
        if (site == null || site.isBlank()) {
            throw ApiException.invalid("metadata.site", "must not be blank");
        }
        if (site.length() > 400) {
            throw ApiException.invalid("metadata.site", "at most 400 characters");
        }
        String path = text(node, "path");
        if (path != null && path.length() > 2000) {
            throw ApiException.invalid("metadata.path", "at most 2000 characters");
        }
        if (path != null && Arrays.stream(path.split("[/\\\\]")).anyMatch(p -> p.equals("..") || p.equals("."))) {
            throw ApiException.invalid("metadata.path", "must not contain . or .. segments: it names the document's place"
                    + " in its site as the site has it");
        }
        List<String> groups = new ArrayList<>();
        JsonNode g = node.get("groups");
        if (g != null && !g.isNull()) {
            if (!g.isArray()) {
                throw ApiException.invalid("metadata.groups", "must be an array of group names");
            }
            if (g.size() > 100) {
                throw ApiException.invalid("metadata.groups", "at most 100 groups");
            }
            for (JsonNode e : g) {
                if (!e.isTextual() || e.asText().isBlank() || e.asText().length() > 200) {
                    throw ApiException.invalid("metadata.groups", "group names must be non-blank strings of at most"
                            + " 200 characters");
                }
                groups.add(withoutNul("metadata.groups", e.asText()));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = node.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                throw ApiException.invalid("metadata.tags", "must be an object of string values");
            }
            if (t.size() > 50) {
                throw ApiException.invalid("metadata.tags", "at most 50 tags");
            }
            t.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw ApiException.invalid("metadata.tags." + e.getKey(), "must be a string");
                }
                if (e.getKey().length() > 100 || e.getValue().asText().length() > 2000) {
                    throw ApiException.invalid("metadata.tags." + e.getKey(), "a tag's name has at most 100"
                            + " characters and its value at most 2000");
                }
                tags.put(withoutNul("metadata.tags", e.getKey()),
                        withoutNul("metadata.tags." + e.getKey(), e.getValue().asText()));
            });
        }
        return new UploadMetadata(site, path, text(node, "title"), groups, tags);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid("metadata." + field, "must be a string");
        }
        return withoutNul("metadata." + field, v.asText());
    }

    private static String withoutNul(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, ApiJson.HAS_NUL);
        }
        return value;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A document: status, reason, detail, duplicateOf, metadata and quality with reasons")
    public DocumentView get(@PathParam("id") String id) {
        return view(visible(id));
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Documents by status and site, in arrival order (keyset pagination: pass nextCursor)")
    public Page list(@QueryParam("status") @Pattern(regexp = "RECEIVED|PUBLISHED|DUPLICATE|QUARANTINED|DELETED",
                             message = "one of RECEIVED, PUBLISHED, DUPLICATE, QUARANTINED, DELETED") String status,
            @QueryParam("site") String site,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("cursor") @Pattern(regexp = "[0-9a-f-]{36}", message = "a cursor returned by this API") String cursor) {
        List<DocumentView> items = new ArrayList<>();
        String next = cursor;
        boolean more = true;
        // keyset pages; documents the caller may not see are skipped without ending the page early
        while (items.size() < limit && more) {
            List<DocumentRecord> rows = store.list(status, site, limit, next);
            more = rows.size() == limit;
            for (DocumentRecord d : rows) {
                next = d.id();
                if (mayRead(d)) {
                    items.add(view(d));
                    if (items.size() == limit) {
                        break;
                    }
                }
            }
        }
        return new Page(items, items.size() == limit ? next : null);
    }

    @GET
    @Path("/{id}/content")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "The original bytes, whatever the outcome, with their media type")
    @APIResponse(responseCode = "200", description = "The original bytes, in their media type",
            content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response content(@PathParam("id") String id) {
        DocumentRecord d = visible(id);
        String type = d.mediaType() != null ? d.mediaType()
                : d.declaredType() != null ? d.declaredType() : MediaType.APPLICATION_OCTET_STREAM;
        StreamingOutput body = out -> store.streamBlob(d.contentHash(), out);
        return Response.ok(body, type).header("Content-Length", d.sizeBytes())
                .header("Content-Disposition", contentDisposition(d.fileName() == null ? d.id() : d.fileName()))
                .header("X-Content-Type-Options", "nosniff")
                .header("ETag", "\"" + d.contentHash() + "\"").build();
    }

    /**
     * {@code attachment} with the file name (RFC 6266): an ASCII {@code filename} (each character outside printable
     * ASCII, a quote or a backslash replaced by {@code _}) and, when that is not the name itself,
     * {@code filename*=UTF-8''} with the name percent-encoded (RFC 8187), which clients prefer.
     */
    public static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\'
                ? (char) cp : '_'));
        String header = "attachment; filename=\"" + ascii + "\"";
        if (ascii.toString().equals(name)) {
            return header;
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
            }
        }
        return header + "; filename*=UTF-8''" + encoded;
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ANALYST, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Delete a document: emits DELETED (the search index follows); the original is kept. Needs a"
            + " member of every group the document is shared with (or ops, admin)")
    @APIResponse(responseCode = "204", description = "Deleted (the event announces it)")
    @APIResponse(responseCode = "403", description = "The caller is not in every group the document is shared with")
    public Response delete(@PathParam("id") String id) {
        DocumentRecord d = visible(id);
        List<String> outside = unrestricted() ? List.of() : notMine(d.groups());
        if (!outside.isEmpty()) {
            // deleting takes the document away from every group it is shared with, as replacing it would
            throw ApiException.forbidden("document " + id + " is shared with " + String.join(", ", d.groups())
                    + "; deleting it takes it away from all of them, which needs a member of every one: you are not in "
                    + String.join(", ", outside));
        }
        documents.delete(id);
        return Response.noContent().build();
    }

    private DocumentRecord visible(String id) {
        DocumentRecord d = store.find(id).orElseThrow(() -> ApiException.notFound("document", id));
        if (!mayRead(d)) {
            throw ApiException.notFound("document", id); // do not reveal documents outside the caller's groups
        }
        return d;
    }

    /**
     * Ops and admins see every document; others those sharing a group with them. A document without groups is shared
     * with no one, as the search index treats it: access is granted by naming a group, never by leaving one out.
     */
    private boolean mayRead(DocumentRecord d) {
        if (caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN)) {
            return true;
        }
        List<String> mine = caller.groups();
        return d.groups().stream().anyMatch(mine::contains);
    }

    /**
     * The document as the caller may see it. A document is a duplicate or near duplicate only of one whose groups
     * include all of its own, which every reader of it may read; should one still name a document outside the
     * caller's groups (recorded before that rule), it does not name it (its id, site and path are in duplicateOf, the
     * detail and the quality reasons).
     */
    private DocumentView view(DocumentRecord d) {
        // each document named is looked up once per view (a duplicate names its original in three places)
        Map<String, Boolean> readableIds = new HashMap<>();
        Predicate<String> mayReadId = id -> readableIds.computeIfAbsent(id,
                k -> store.find(k).map(this::mayRead).orElse(true));
        boolean hidden = d.duplicateOf() != null && !mayReadId.test(d.duplicateOf());
        Quality quality = d.quality() == null ? null : new Quality(d.quality().score(), d.quality().reasons().stream()
                .map(r -> new Quality.QualityReason(r.code(), r.points(), readable(r.detail(), mayReadId))).toList());
        String detail = hidden ? HIDDEN_ORIGINAL : readable(d.detail(), mayReadId);
        return new DocumentView(d.id(), d.status(), d.reason(), detail, hidden ? null : d.duplicateOf(), d.site(),
                d.path(), d.title(), d.fileName(), d.mediaType(), d.contentHash(), d.sizeBytes(), d.groups(), d.tags(),
                d.metadata(), quality, d.chunkCount(), d.sourceId(), d.createdAt(), d.updatedAt());
    }

    /** The text, or a stand-in when it names a document the caller may not read. */
    private static String readable(String text, Predicate<String> mayReadId) {
        if (text == null) {
            return null;
        }
        Matcher id = DOCUMENT_ID.matcher(text);
        while (id.find()) {
            if (!mayReadId.test(id.group())) {
                return text.startsWith("near") ? HIDDEN_NEAR : HIDDEN_ORIGINAL;
            }
        }
        return text;
    }

    private static final java.util.regex.Pattern DOCUMENT_ID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final String HIDDEN_NEAR = "a near duplicate of a document outside your groups";
    static final String HIDDEN_ORIGINAL = "a duplicate of a document outside your groups";
}
