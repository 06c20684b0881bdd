package org.rabbitmqjmh.broker;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** URI helpers; the only way a URI reaches output is through {@link #mask}. */
public final class Uris {

    /** Where a URI starts in a piece of text: any scheme, so a URI refused for its scheme is masked too. */
    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");
    /** {@code user:secret@host} with no scheme, at the start of a token. */
    // A colon followed by a space is prose ("in --uri: '...'"), and one followed by "//" a scheme's: neither
    // starts a password.
    private static final Pattern BARE_USERINFO =
            Pattern.compile("(^|[\\s'\"=,(\\[])([^\\s:@'\"]+):(?!\\s|//)[^\\n]*@(?=[^\\s@])");

    private Uris() {}

    /**
     * The URI without its password; user, host, port and vhost stay readable. The password field is
     * dropped, not starred: {@code user:***@} still reads as a credential to a secret scanner, and a
     * result file with it in is flagged when committed.
     */
    public static String mask(URI uri) {
        return mask(uri.toString());
    }

    /**
     * Drops the password of every URI in a piece of text (log lines, messages, a library's exception),
     * however malformed: the user information of {@code scheme://} runs to the last {@code @} before the
     * next URI or the line's end (a password may hold an unencoded {@code @}, a space or a {@code %}), and
     * a {@code user:secret@host} without a scheme loses its secret too. Masking too much is the safe side.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int done = 0;
        Matcher m = SCHEME.matcher(text);
        List<int[]> uris = new ArrayList<>();
        while (m.find()) {
            uris.add(new int[] {m.start(), m.end()});
        }
        for (int i = 0; i < uris.size(); i++) {
            int from = uris.get(i)[1];
            int to = i + 1 < uris.size() ? uris.get(i + 1)[0] : text.length();
            int newline = text.indexOf('\n', from);
            if (newline >= 0 && newline < to) {
                to = newline;
            }
            int at = text.lastIndexOf('@', to - 1);
            int colon = text.indexOf(':', from);
            if (at >= from && colon >= from && colon < at) {
                out.append(maskBare(text.substring(done, colon)));
                done = at; // keeps "@host..."
            } else if (at < from && colon >= from && text.charAt(from) != '[') {
                // No '@' before the line ends: a user:password cut short by a line break inside the password
                // (its rest, and the host, on the next line). After the ':' only a port is all digits.
                int end = colon + 1;
                while (end < to && " \t'\"/?#,;".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                if (!text.substring(colon + 1, end).matches("\\d*")) {
                    out.append(maskBare(text.substring(done, colon)));
                    done = end;
                }
            }
        }
        out.append(maskBare(text.substring(done)));
        return out.toString();
    }

    /** {@code user:secret@host} without a scheme, in text that holds no {@code scheme://} at that place. */
    private static String maskBare(String text) {
        if (text.contains("://")) {
            // the part before a URI's user: scheme prefixes only; their own passwords are handled by mask
            int scheme = text.lastIndexOf("://");
            return BARE_USERINFO.matcher(text.substring(0, scheme)).replaceAll("$1$2@") + text.substring(scheme);
        }
        return BARE_USERINFO.matcher(text).replaceAll("$1$2@");
    }

    /** The virtual host an AMQP URI names: its path without the leading slash, "/" when it has none. */
    public static String vhost(URI uri) {
        String path = uri.getPath();
        return path == null || path.length() <= 1 ? "/" : path.substring(1);
    }

    public static URI parse(String value, String origin) {
        // Echoed masked and on one line: a line break inside a password would put its tail on the next.
        String masked = mask(value);
        String shown = masked.contains("\n") ? masked.substring(0, masked.indexOf('\n')) + "..." : masked;
        try {
            URI uri = new URI(value.trim());
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new BrokerException("invalid broker URI in " + origin + ": '" + shown
                        + "'; expected amqp://user:password@host:port/vhost");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BrokerException("invalid broker URI in " + origin + ": '" + shown
                    + "'; expected amqp://user:password@host:port/vhost");
        }
    }

    /**
     * One URI, or a cluster's node by node, comma-separated as PerfTest's {@code --uris} takes them
     * ({@code amqp://u:p@h1:5672,amqp://u:p@h2:5672}): split only where a new {@code amqp(s)://} starts,
     * so a comma inside a password stays one.
     */
    public static List<URI> parseAll(String value, String origin) {
        return Arrays.stream(value.trim().split(",(?=\\s*amqps?://)"))
                .map(v -> parse(v, origin))
                .toList();
    }

    /** The value {@link #parseAll} reads back. */
    public static String joinAll(List<URI> uris) {
        return uris.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /**
     * An AMQP URI from its parts as a user gives them (program flags): user and password percent-encoded,
     * so any character may be in them; a host that is no host name is one line, without the password.
     */
    public static URI of(String user, String password, String host, int port, String origin) {
        if (!host.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
            throw new BrokerException(
                    "invalid host '" + host + "' in " + origin + "; expected a host name or an IP address");
        }
        return URI.create("amqp://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/%2F");
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static URI local(String user, String password, int port) {
        return URI.create("amqp://" + user + ":" + password + "@127.0.0.1:" + port + "/%2F");
    }
}
