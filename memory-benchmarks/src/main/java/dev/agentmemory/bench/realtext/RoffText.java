package dev.agentmemory.bench.realtext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain text of the sections of a manual page, read straight from its roff source ({@code man} and {@code mdoc}
 * macros). Rendering through {@code man -l} (groff) costs about 80 ms a page here, which is half an hour of one core
 * for the 23,000 pages of {@code /usr/share/man}; reading the source costs well under a millisecond. Only what a
 * reader would see as running text is kept: requests and layout macros are dropped, the text arguments of font
 * macros ({@code .B}, {@code .BR}, {@code .Nm}, {@code .Fl}, ...) kept, escapes resolved to their characters or
 * dropped. Tables and pictures come out as their cell text. Not thread-safe state: every call is independent.
 */
final class RoffText {

    private static final Map<String, String> SPECIAL = Map.ofEntries(
            Map.entry("em", "\u2014"), Map.entry("en", "\u2013"), Map.entry("hy", "-"), Map.entry("mi", "-"),
            Map.entry("aq", "'"), Map.entry("dq", "\""), Map.entry("lq", "\""), Map.entry("rq", "\""),
            Map.entry("oq", "'"), Map.entry("cq", "'"), Map.entry("bu", "\u2022"), Map.entry("co", "\u00a9"),
            Map.entry("rg", "\u00ae"), Map.entry("tm", "\u2122"), Map.entry("mu", "\u00d7"), Map.entry("<=", "\u2264"),
            Map.entry(">=", "\u2265"), Map.entry("->", "\u2192"), Map.entry("<-", "\u2190"), Map.entry("ti", "~"),
            Map.entry("ha", "^"), Map.entry("rs", "\\"), Map.entry("ba", "|"), Map.entry("at", "@"),
            Map.entry("sh", "#"), Map.entry("Do", "$"), Map.entry("sl", "/"), Map.entry("pl", "+"),
            Map.entry("eq", "="), Map.entry("lB", "["), Map.entry("rB", "]"), Map.entry("lC", "{"),
            Map.entry("rC", "}"), Map.entry("la", "<"), Map.entry("ra", ">"), Map.entry("de", "\u00b0"),
            Map.entry("aa", "\u00b4"), Map.entry("ga", "`"), Map.entry("Fo", "\u00ab"), Map.entry("Fc", "\u00bb"),
            Map.entry("R", "\u00ae"), Map.entry("Tm", "\u2122"), Map.entry("Lq", "\""), Map.entry("Rq", "\""), Map.entry("Aq", "'"));

    /** mdoc macros whose arguments are running text; the macro names inside the arguments are dropped too. */
    private static final java.util.Set<String> MDOC_CALLABLE = java.util.Set.of("Ad", "Ao", "Ac", "Aq", "An", "Ap",
            "Ar", "At", "Bc", "Bo", "Bq", "Brc", "Bro", "Brq", "Bsx", "Bx", "Cd", "Cm", "D1", "Dc", "Dl", "Do", "Dq",
            "Dv", "Dx", "Ec", "Em", "Eo", "Er", "Ev", "Fa", "Fl", "Fn", "Fr", "Ft", "Fx", "Ic", "In", "It", "Li", "Lk",
            "Ms", "Mt", "Nd", "Nm", "No", "Ns", "Nx", "Oc", "Oo", "Op", "Ox", "Pa", "Pc", "Pf", "Po", "Pq", "Qc",
            "Ql", "Qo", "Qq", "Sc", "So", "Sq", "St", "Sx", "Sy", "Ta", "Tn", "Ux", "Va", "Vt", "Xc", "Xo", "Xr");

    private RoffText() {
    }

    /**
     * @param source the page's roff source
     * @return the plain text of each section, by upper-case section name, in page order; whitespace collapsed
     */
    static Map<String, String> sections(String source) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        String[] lines = joinContinuations(source).split("\n", -1);
        String mdocName = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(".") || line.startsWith("'")) {
                String request = line.substring(1).stripLeading();
                int space = firstSpace(request);
                String macro = space < 0 ? request : request.substring(0, space);
                String args = space < 0 ? "" : request.substring(space + 1).strip();
                switch (macro) {
                    case "SH", "Sh" -> {
                        String name = plain(unquote(args)).strip().toUpperCase(Locale.ROOT);
                        if (name.isEmpty() && i + 1 < lines.length) {
                            name = plain(lines[++i]).strip().toUpperCase(Locale.ROOT);
                        }
                        current = sections.computeIfAbsent(name, k -> new StringBuilder());
                        continue;
                    }
                    case "de", "de1", "ig", "am" -> {
                        // A macro definition or ignored block runs to a line "..".
                        while (i + 1 < lines.length && !lines[i + 1].strip().equals("..")) {
                            i++;
                        }
                        i++;
                        continue;
                    }
                    case "TS" -> {
                        // A tbl table: the format lines end with '.', the cells follow, tab-separated.
                        while (i + 1 < lines.length && !lines[i + 1].strip().endsWith(".")) {
                            i++;
                        }
                        i++;
                        continue;
                    }
                    default -> {
                    }
                }
                if (current == null) {
                    continue;
                }
                String text = macroText(macro, args);
                if (macro.equals("Nm")) {
                    if (!text.isEmpty()) {
                        mdocName = text;
                    } else {
                        text = mdocName;
                    }
                }
                if (macro.equals("Nd")) {
                    text = "- " + text;
                }
                if (!text.isEmpty()) {
                    current.append(text).append(' ');
                }
                continue;
            }
            if (current != null) {
                current.append(plain(line)).append(' ');
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        sections.forEach((name, text) -> out.putIfAbsent(name, collapse(text)));
        return out;
    }

    private static String macroText(String macro, String args) {
        return switch (macro) {
            case "B", "I", "SM", "SB", "IP", "TQ" -> {
                List<String> words = words(args);
                if (macro.equals("IP")) {
                    yield words.isEmpty() ? "" : plain(words.get(0));
                }
                yield plain(String.join(" ", words));
            }
            case "BR", "RB", "IR", "RI", "BI", "IB" -> plain(String.join("", words(args)));
            case "UR", "MT" -> plain(args);
            default -> {
                if (!MDOC_CALLABLE.contains(macro)) {
                    yield "";
                }
                StringBuilder sb = new StringBuilder();
                boolean noSpace = false;
                boolean flag = macro.equals("Fl");
                for (String w : words(args)) {
                    if (MDOC_CALLABLE.contains(w)) {
                        noSpace = w.equals("Ns");
                        flag = w.equals("Fl");
                        continue;
                    }
                    boolean punctuation = w.matches("[.,;:)\\]]");
                    if (sb.length() > 0 && !noSpace && !punctuation) {
                        sb.append(' ');
                    }
                    sb.append(flag && !punctuation ? "-" : "").append(plain(w));
                    noSpace = false;
                }
                yield sb.toString();
            }
        };
    }

    private static String joinContinuations(String source) {
        return source.replace("\\\r\n", "").replace("\\\n", "").replace("\r", "");
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        return String.join(" ", words(s));
    }

    /** Arguments of a request: space-separated, double quotes group ("" is a literal quote). */
    private static List<String> words(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                w.append(c).append(args.charAt(++i));
                any = true;
            } else if (c == '"') {
                if (quoted && i + 1 < args.length() && args.charAt(i + 1) == '"') {
                    w.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                    any = true;
                }
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    /** Text with every escape resolved: a special character becomes itself, font and spacing escapes vanish. */
    static String plain(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case '"', '#' -> i = n; // comment to the end of the line
                case '-' -> out.append('-');
                case 'e', '\\' -> out.append('\\');
                case '.', '\'', '`' -> out.append(e);
                case ' ', '~', '0', 't' -> out.append(' ');
                case '&', ')', '|', '^', '%', ':', 'c', '/', ',', 'u', 'd', 'p', 'r', '{', '}', 'a', 'E' -> {
                }
                case '(' -> {
                    if (i + 2 <= n) {
                        out.append(SPECIAL.getOrDefault(s.substring(i, i + 2), ""));
                    }
                    i = Math.min(n, i + 2);
                }
                case '[' -> {
                    int end = s.indexOf(']', i);
                    end = end < 0 ? n : end;
                    String name = s.substring(i, end);
                    String value = SPECIAL.get(name);
                    if (value != null) {
                        out.append(value);
                    } else if (name.startsWith("u") && name.length() >= 5 && name.substring(1).matches("[0-9A-Fa-f]+")) {
                        out.appendCodePoint(Integer.parseInt(name.substring(1), 16));
                    }
                    i = Math.min(n, end + 1);
                }
                case '*' -> {
                    // A string: \*x, \*(xx or \*[name]; the common ones are quotes and marks.
                    String name;
                    if (i < n && s.charAt(i) == '(') {
                        name = s.substring(Math.min(n, i + 1), Math.min(n, i + 3));
                        i = Math.min(n, i + 3);
                    } else if (i < n && s.charAt(i) == '[') {
                        int end = s.indexOf(']', i);
                        end = end < 0 ? n : end;
                        name = s.substring(i + 1, end);
                        i = Math.min(n, end + 1);
                    } else {
                        name = i < n ? s.substring(i, i + 1) : "";
                        i = Math.min(n, i + 1);
                    }
                    out.append(SPECIAL.getOrDefault(name, ""));
                }
                case 'f', 'F', 'n', 'g', 'k', 'm', 'M', 'V', 'Y', 'O' -> i = skipName(s, i);
                case 's' -> {
                    // \s+2, \s-1, \s0, \s(12, \s[12], \s'12'
                    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    if (i < n && (s.charAt(i) == '(')) {
                        i = Math.min(n, i + 3);
                    } else if (i < n && (s.charAt(i) == '[' || s.charAt(i) == '\'')) {
                        char close = s.charAt(i) == '[' ? ']' : '\'';
                        int end = s.indexOf(close, i + 1);
                        i = end < 0 ? n : end + 1;
                    } else {
                        while (i < n && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                case 'h', 'v', 'w', 'o', 'l', 'L', 'X', 'Z', 'N', 'D', 'b', 'x', 'A', 'B', 'C', 'H', 'R', 'S' -> {
                    // An argument between delimiters, usually quotes: \h'2n', \w'text'.
                    if (i < n) {
                        char delim = s.charAt(i);
                        if (delim == '[') {
                            delim = ']';
                        }
                        int end = s.indexOf(delim, i + 1);
                        i = end < 0 ? n : end + 1;
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /** Skips an escape's name: x, (xx or [name]. */
    private static int skipName(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return n;
        }
        char c = s.charAt(i);
        if (c == '(') {
            return Math.min(n, i + 3);
        }
        if (c == '[') {
            int end = s.indexOf(']', i);
            return end < 0 ? n : end + 1;
        }
        return i + 1;
    }

    private static String collapse(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.append(c);
                space = false;
            }
        }
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) == ' ') {
            out.setLength(len - 1);
        }
        return out.toString();
    }
}
