package dev.compass.governance.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.compass.contracts.schema.EventJson;
import dev.compass.kit.events.PoisonMessageException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What PostgreSQL can store, checked before the audit trail tries: text (and jsonb) refuses the NUL character and
 * invalid UTF-8; jsonb also refuses the escapes <code>&#92;u0000</code> and unpaired surrogates such as <code>&#92;ud800</code> in its
 * strings and keys. A record carrying any of them in the header values or the payload the audit keeps is poison.
 * Also the classification of a failed append: bad data (SQLState class 22, 23, or 54000 such as an index row too
 * large) is the record's fault; anything else (the database down, out of connections) is not.
 */
final class StorableText {
    private StorableText() {}

    private static final ObjectReader ONE_VALUE = EventJson.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A header or payload as text: strict UTF-8 without NUL, else poison ({@code what} names it in the reason). */
    static String utf8(byte[] bytes, String what, String position) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PoisonMessageException(what + " at " + position + " is not valid UTF-8, which PostgreSQL text"
                    + " cannot store");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new PoisonMessageException(what + " at " + position + " contains a NUL character (at " + nul
                    + "), which PostgreSQL text cannot store");
        }
        return text;
    }

    /**
     * The payload as exactly one JSON value (trailing content after it is poison: the audit would show a payload other
     * than the one it stored and hashed), whose strings and keys hold no NUL (<code>&#92;u0000</code>) and no unpaired
     * surrogate (<code>&#92;ud800</code>), which jsonb refuses and text columns of the fields taken from it cannot hold.
     */
    static JsonNode json(String payload, String position) {
        JsonNode root;
        try {
            root = ONE_VALUE.readTree(payload);
        } catch (Exception e) {
            throw new PoisonMessageException("payload at " + position + " is not one JSON value: "
                    + e.getClass().getSimpleName(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new PoisonMessageException("payload at " + position + " is empty");
        }
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isTextual()) {
                check(node.textValue(), "a string", position);
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    check(field.getKey(), "a key", position);
                    todo.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
        return root;
    }

    private static void check(String s, String what, String position) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\0') {
                throw new PoisonMessageException("payload at " + position + " has " + what
                        + " with a NUL character (\\u0000), which PostgreSQL cannot store");
            }
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new PoisonMessageException("payload at " + position + " has " + what
                        + " with an unpaired surrogate (\\u" + Integer.toHexString(ch)
                        + "), which is not Unicode text and PostgreSQL jsonb refuses");
            }
        }
    }

    /**
     * The SQL error that makes a failed append the fault of what was appended (class 22 data exception, class 23
     * integrity constraint, 54000 a value too large for an index), or null when the failure is anything else, and
     * always null when the database or the connection pool is unavailable (class 08, 53, 57P0x, an acquisition
     * timeout): those failures must reach the caller, never the dead-letter topic.
     */
    static SQLException contentFailure(Throwable failure) {
        List<SQLException> errors = new ArrayList<>();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null && errors.size() < 50; e = e.getNextException()) {
                    errors.add(e);
                }
            }
        }
        SQLException content = null;
        for (SQLException e : errors) {
            String state = e.getSQLState();
            if (state == null) {
                if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                    return null;
                }
                continue;
            }
            if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
                return null;
            }
            if (state.startsWith("22") || state.startsWith("23") || state.equals("54000")) {
                // the server's own error rather than the driver's "batch entry 0 ... was aborted" wrapper
                if (content == null || content instanceof BatchUpdateException) {
                    content = e;
                }
            }
        }
        return content;
    }
}
