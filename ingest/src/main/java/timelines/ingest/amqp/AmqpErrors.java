package timelines.ingest.amqp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises AMQP 0-9-1 channel and connection errors in a log entry, as the RabbitMQ broker and
 * the clients (RabbitMQ Java client, Spring AMQP) write them, and names where they happened.
 *
 * <p>Forms recognised, most specific first:
 * <ul>
 *   <li>a client's close frame: {@code #method<channel.close>(reply-code=406,
 *       reply-text=PRECONDITION_FAILED - ...)} (in {@code ShutdownSignalException},
 *       {@code AlreadyClosedException} and Spring's {@code Channel shutdown: ...});</li>
 *   <li>the broker's channel error: {@code operation queue.declare caused a channel exception
 *       precondition_failed: ...}, or before 3.7 {@code {amqp_error,precondition_failed,...}};</li>
 *   <li>the broker's refused connection: {@code vhost esr not found}, {@code access to vhost 'x'
 *       refused for user 'y'} (the client sees 530 NOT_ALLOWED);</li>
 *   <li>other clients' {@code (406) PRECONDITION_FAILED};</li>
 *   <li>in an AMQP context: {@code Connection refused}, {@code Connection reset}, and the exceptions
 *       {@code AlreadyClosedException}, {@code ShutdownSignalException},
 *       {@code AmqpConnectException}, {@code AmqpIOException} without a reply code.</li>
 * </ul>
 */
final class AmqpErrors {
    /**
     * @param check the error class and reply code, e.g. {@code channel 406 PRECONDITION_FAILED},
     *     {@code connection refused}, {@code AmqpIOException}
     * @param replyCode the AMQP reply code, or null
     * @param replyText the AMQP reply-text constant, or null
     * @param matchedLine index of the entry line the error was found on
     */
    record Classified(String check, Integer replyCode, String replyText, int matchedLine) {}

    /** Where the error happened. */
    record Place(String host, String vhost) {
        /**
         * {@code amqp:<host>}, or {@code amqp:<host>/<vhost>} when a vhost other than the default {@code /}
         * is named.
         */
        String service() {
            String h = host == null ? "unknown" : host;
            return "amqp:" + h + (vhost == null || vhost.equals("/") ? "" : "/" + vhost);
        }
    }

    private record Constant(int code, String scope) {}

    /** AMQP 0-9-1 reply codes (amqp0-9-1.xml): soft errors close the channel, hard ones the connection. */
    private static final Map<String, Constant> CONSTANTS = Map.ofEntries(
            Map.entry("CONTENT_TOO_LARGE", new Constant(311, "channel")),
            Map.entry("NO_ROUTE", new Constant(312, "channel")),
            Map.entry("NO_CONSUMERS", new Constant(313, "channel")),
            Map.entry("ACCESS_REFUSED", new Constant(403, "channel")),
            Map.entry("NOT_FOUND", new Constant(404, "channel")),
            Map.entry("RESOURCE_LOCKED", new Constant(405, "channel")),
            Map.entry("PRECONDITION_FAILED", new Constant(406, "channel")),
            Map.entry("CONNECTION_FORCED", new Constant(320, "connection")),
            Map.entry("INVALID_PATH", new Constant(402, "connection")),
            Map.entry("FRAME_ERROR", new Constant(501, "connection")),
            Map.entry("SYNTAX_ERROR", new Constant(502, "connection")),
            Map.entry("COMMAND_INVALID", new Constant(503, "connection")),
            Map.entry("CHANNEL_ERROR", new Constant(504, "connection")),
            Map.entry("UNEXPECTED_FRAME", new Constant(505, "connection")),
            Map.entry("RESOURCE_ERROR", new Constant(506, "connection")),
            Map.entry("NOT_ALLOWED", new Constant(530, "connection")),
            Map.entry("NOT_IMPLEMENTED", new Constant(540, "connection")),
            Map.entry("INTERNAL_ERROR", new Constant(541, "connection")));

    private static final Pattern CLOSE_FRAME = Pattern.compile(
            "(?:#method<(channel|connection)\\.close>\\()?reply-code=(\\d{3}),\\s*reply-text=([A-Z_]+)");
    private static final Pattern BROKER_OPERATION = Pattern.compile("caused a (channel|connection) exception (\\w+)");
    private static final Pattern BROKER_LEGACY = Pattern.compile("\\{amqp_error,\\s*(\\w+),");
    private static final Pattern VHOST_NOT_FOUND = Pattern.compile("\\bvhost (\\S+) not found");
    private static final Pattern VHOST_REFUSED = Pattern.compile("access to vhost '([^']*)' refused for user");
    private static final Pattern CODE_AND_NAME =
            Pattern.compile("\\b(\\d{3})\\)?\\s*[(:]?\\s*\\(?([A-Z]+(?:[-_][A-Z]+)+)\\b");
    private static final Pattern AMQP_CONTEXT = Pattern.compile(
            "(?i)amqp|rabbit|:567[12]\\b|\\bo\\.s\\.a\\.|\\bc\\.r\\.c\\.");
    private static final Pattern REFUSED = Pattern.compile("(?i)connection refused");
    private static final Pattern RESET = Pattern.compile("(?i)connection reset");
    private static final List<String> EXCEPTIONS = List.of(
            "AlreadyClosedException", "ShutdownSignalException", "AmqpConnectException", "AmqpIOException");
    private static final Pattern CHANNEL_SHUTDOWN = Pattern.compile("Channel shutdown: (channel|connection) error");
    private static final Pattern JAVA_EXCEPTION =
            Pattern.compile("\\b(?:[a-z]\\w*\\.)+([A-Z]\\w*(?:Exception|Error))\\b");

    private static final Pattern BROKER_PEERS = Pattern.compile(
            "\\(\\[?[\\w.:\\-]+?\\]?:\\d+ -> \\[?([\\w.:\\-]+?)\\]?:\\d+[,)]");
    private static final Pattern AMQP_URI = Pattern.compile(
            "amqps?://(?:[^@/\\s]+@)?([\\w.\\-]+)(?::\\d+)?(?:/([^\\s,)\\]]*))?");
    private static final Pattern JAVA_CLIENT_THREAD = Pattern.compile("AMQP Connection ([\\w.\\-]+):\\d+");
    private static final Pattern PADDED_THREAD = Pattern.compile("\\[(\\s*)([\\w.\\-]+):(567[12])\\]");
    private static final Pattern RESOLVED_ADDRESS =
            Pattern.compile("\\b([A-Za-z][\\w.\\-]*)/\\d{1,3}(?:\\.\\d{1,3}){3}:\\d+");
    private static final Pattern VHOST_FIELD = Pattern.compile("vhost: '([^']*)'");
    private static final Pattern IN_VHOST = Pattern.compile("in vhost '([^']*)'");
    /** Spring Boot pads or cuts thread names to 15 characters; a full 15 may be a cut host name. */
    private static final int SPRING_THREAD_WIDTH = 15;

    private AmqpErrors() {}

    /** The error in the entry, or null when it holds none. */
    static Classified classify(List<String> lines) {
        String text = String.join("\n", lines);
        Matcher m = CLOSE_FRAME.matcher(text);
        if (m.find()) {
            int code = Integer.parseInt(m.group(2));
            String name = m.group(3);
            Constant c = CONSTANTS.get(name);
            String scope = m.group(1) != null ? m.group(1) : c != null ? c.scope() : "connection";
            return new Classified(scope + " " + code + " " + name, code, name, lineOf(lines, m.group()));
        }
        m = BROKER_OPERATION.matcher(text);
        if (m.find()) {
            return named(m.group(1), m.group(2), lines, m.group());
        }
        m = BROKER_LEGACY.matcher(text);
        if (m.find()) {
            return named(null, m.group(1), lines, m.group());
        }
        m = VHOST_NOT_FOUND.matcher(text);
        if (m.find()) {
            return named("connection", "not_allowed", lines, m.group());
        }
        m = VHOST_REFUSED.matcher(text);
        if (m.find()) {
            return named("connection", "not_allowed", lines, m.group());
        }
        m = CODE_AND_NAME.matcher(text);
        while (m.find()) {
            String name = m.group(2).replace('-', '_');
            Constant c = CONSTANTS.get(name);
            if (c != null && c.code() == Integer.parseInt(m.group(1))) {
                return new Classified(c.scope() + " " + c.code() + " " + name, c.code(), name,
                        lineOf(lines, m.group()));
            }
        }
        if (!AMQP_CONTEXT.matcher(text).find()) {
            return null;
        }
        m = REFUSED.matcher(text);
        if (m.find()) {
            return new Classified("connection refused", null, null, lineOf(lines, m.group()));
        }
        m = RESET.matcher(text);
        if (m.find()) {
            return new Classified("connection reset", null, null, lineOf(lines, m.group()));
        }
        for (String exception : EXCEPTIONS) {
            int at = text.indexOf(exception);
            if (at >= 0) {
                return new Classified(exception, null, null, lineOf(lines, exception));
            }
        }
        m = CHANNEL_SHUTDOWN.matcher(text);
        if (m.find()) {
            return new Classified(m.group(1) + " error", null, null, lineOf(lines, m.group()));
        }
        return null;
    }

    private static Classified named(String scope, String lowerName, List<String> lines, String matched) {
        String name = lowerName.toUpperCase(Locale.ROOT);
        Constant c = CONSTANTS.get(name);
        Integer code = c == null ? null : c.code();
        String s = scope != null ? scope : c != null ? c.scope() : "channel";
        return new Classified(s + (code == null ? "" : " " + code) + " " + name, code, name, lineOf(lines, matched));
    }

    /**
     * The broker (the server side of the connection the broker logs) or the host the client
     * connects to, and the vhost. An entry that names no host by itself or by an AMQP URI takes
     * the {@code context}, the URI an earlier entry of the same log named (Spring AMQP logs its
     * connection URI once, at INFO, and its errors without it), before falling back to the
     * connection thread's name, which holds a resolved address at best.
     */
    static Place place(List<String> lines, Place context) {
        String text = String.join("\n", lines);
        String host = null;
        String vhost = null;
        boolean fromContext = false;
        Matcher m = BROKER_PEERS.matcher(text);
        if (m.find()) {
            host = m.group(1);
        }
        Place uri = uri(lines);
        if (uri != null) {
            host = host != null ? host : uri.host();
            vhost = uri.vhost();
        }
        if (host == null && context != null && context.host() != null) {
            host = context.host();
            fromContext = true;
        }
        if (host == null) {
            m = JAVA_CLIENT_THREAD.matcher(text);
            if (m.find()) {
                host = m.group(1);
            }
        }
        if (host == null) {
            m = PADDED_THREAD.matcher(text);
            while (m.find() && host == null) {
                int width = m.group(1).length() + m.group(2).length() + 1 + m.group(3).length();
                boolean maybeCut = width == SPRING_THREAD_WIDTH && m.group(1).isEmpty();
                if (!maybeCut) {
                    host = m.group(2);
                }
            }
        }
        if (host == null) {
            m = RESOLVED_ADDRESS.matcher(text);
            if (m.find()) {
                host = m.group(1);
            }
        }
        String named = firstGroup(text, VHOST_FIELD, IN_VHOST, VHOST_NOT_FOUND, VHOST_REFUSED);
        if (named != null && !named.equals("none")) {
            vhost = named;
        } else if (vhost == null && fromContext) {
            vhost = context.vhost();
        }
        return new Place(host == null ? null : host.toLowerCase(Locale.ROOT), vhost);
    }

    /** The host and vhost of the first AMQP URI the entry names ({@code amqp://user@host:5671/vhost}), or null. */
    static Place uri(List<String> lines) {
        Matcher m = AMQP_URI.matcher(String.join("\n", lines));
        if (!m.find()) {
            return null;
        }
        String path = m.group(2);
        String vhost = path == null || path.isEmpty() ? null : URLDecoder.decode(path, StandardCharsets.UTF_8);
        return new Place(m.group(1).toLowerCase(Locale.ROOT), vhost);
    }

    /** The simple name of the first Java exception the entry names, or null. */
    static String exception(List<String> lines) {
        Matcher m = JAVA_EXCEPTION.matcher(String.join("\n", lines));
        return m.find() ? m.group(1) : null;
    }

    private static String firstGroup(String text, Pattern... patterns) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static int lineOf(List<String> lines, String fragment) {
        String first = fragment.lines().findFirst().orElse(fragment);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(first)) {
                return i;
            }
        }
        return 0;
    }
}
