package dev.kafkajsmskiam.authorizer;

/**
 * A minimal JSON writer for the decision requests: objects, arrays, strings, integers, booleans, null.
 * The caller is trusted to nest correctly; commas are inserted here. Strings are escaped so that any Java
 * string (client ids and group ids may hold quotes, control characters or lone surrogates) arrives intact.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    /** True right after an opening bracket or a key, where no comma may follow. */
    private boolean first = true;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        first = false;
        return this;
    }

    JsonWriter key(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) out.append("null");
        else string(value);
        first = false;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (!first) out.append(',');
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters must be escaped; a lone surrogate would not survive UTF-8 encoding.
                    boolean loneSurrogate = Character.isSurrogate(c) && !pairedAt(s, i);
                    if (c < 0x20 || loneSurrogate) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                    if (Character.isHighSurrogate(c) && !loneSurrogate) out.append(s.charAt(++i));
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
