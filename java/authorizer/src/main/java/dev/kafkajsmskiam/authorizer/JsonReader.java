package dev.kafkajsmskiam.authorizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, minimal JSON parser (RFC 8259) for the decision service's answers: objects become
 * {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code Long} when integral else
 * {@code Double}, plus {@code String}, {@code Boolean} and {@code null}. Anything else, trailing bytes
 * included, is a {@link DecisionServiceException}: a garbled answer must deny, never crash a request thread.
 */
final class JsonReader {
    private static final int MAX_DEPTH = 32;
    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        JsonReader reader = new JsonReader(text);
        Object value = reader.value(0);
        reader.whitespace();
        if (reader.at != text.length()) throw reader.fail("trailing characters");
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw fail("nested too deeply");
        whitespace();
        if (at >= text.length()) throw fail("unexpected end");
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw fail("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        whitespace();
        if (peek() == '}') {
            at++;
            return map;
        }
        for (;;) {
            whitespace();
            if (peek() != '"') throw fail("expected a key");
            String key = string();
            whitespace();
            expect(':');
            map.put(key, value(depth + 1));
            whitespace();
            char c = next();
            if (c == '}') return map;
            if (c != ',') throw fail("expected , or }");
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        at++;
        whitespace();
        if (peek() == ']') {
            at++;
            return list;
        }
        for (;;) {
            list.add(value(depth + 1));
            whitespace();
            char c = next();
            if (c == ']') return list;
            if (c != ',') throw fail("expected , or ]");
        }
    }

    private String string() {
        at++;
        StringBuilder sb = new StringBuilder();
        for (;;) {
            char c = next();
            if (c == '"') return sb.toString();
            if (c < 0x20) throw fail("control character in string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> throw fail("bad escape");
            }
        }
    }

    private char hex4() {
        if (at + 4 > text.length()) throw fail("short \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(at++), 16);
            if (d < 0) throw fail("bad \\u escape");
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Object number() {
        int start = at;
        if (peek() == '-') at++;
        if (peek() == '0') at++;
        else if (!digits()) throw fail("bad number");
        boolean integral = true;
        if (peek() == '.') {
            at++;
            integral = false;
            if (!digits()) throw fail("bad fraction");
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integral = false;
            if (peek() == '+' || peek() == '-') at++;
            if (!digits()) throw fail("bad exponent");
        }
        String n = text.substring(start, at);
        try {
            return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw fail("number out of range");
        }
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') at++;
        return at > start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) throw fail("unexpected literal");
        at += word.length();
        return value;
    }

    private void whitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            at++;
        }
    }

    private void expect(char c) {
        if (next() != c) throw fail("expected " + c);
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() {
        if (at >= text.length()) throw fail("unexpected end");
        return text.charAt(at++);
    }

    private DecisionServiceException fail(String what) {
        return new DecisionServiceException("malformed JSON from the decision service (" + what + " at " + at + ")");
    }
}
