package org.rabbitmqjmh.broker;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** URI helpers; the only way a URI reaches output is through {@link #mask}. */
public final class Uris {

  /** Any scheme: a URI refused for its scheme (http://user:secret@host) is echoed masked too. */
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]+):[^@/\\s]+@");

  private Uris() {
  }

  /**
   * The URI without its password; user, host, port and vhost stay readable. The password field is
   * dropped, not starred: {@code user:***@} still reads as a credential to a secret scanner, and a
   * result file with it in is flagged when committed.
   */
  public static String mask(URI uri) {
    return mask(uri.toString());
  }

  /** Drops the password of every {@code scheme://user:password@} in a piece of text (log lines, messages). */
  public static String mask(String text) {
    return text == null ? null : USERINFO_PASSWORD.matcher(text).replaceAll("$1@");
  }

  /** The virtual host an AMQP URI names: its path without the leading slash, "/" when it has none. */
  public static String vhost(URI uri) {
    String path = uri.getPath();
    return path == null || path.length() <= 1 ? "/" : path.substring(1);
  }

  public static URI parse(String value, String origin) {
    try {
      URI uri = new URI(value.trim());
      if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new BrokerException("invalid broker URI in " + origin + ": '" + mask(value)
            + "'; expected amqp://user:password@host:port/vhost");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new BrokerException("invalid broker URI in " + origin + ": '" + mask(value)
          + "'; expected amqp://user:password@host:port/vhost");
    }
  }

  /**
   * One URI, or a cluster's node by node, comma-separated as PerfTest's {@code --uris} takes them
   * ({@code amqp://u:p@h1:5672,amqp://u:p@h2:5672}): split only where a new {@code amqp(s)://} starts,
   * so a comma inside a password stays one.
   */
  public static java.util.List<URI> parseAll(String value, String origin) {
    return java.util.Arrays.stream(value.trim().split(",(?=\\s*amqps?://)")).map(v -> parse(v, origin)).toList();
  }

  /** The value {@link #parseAll} reads back. */
  public static String joinAll(java.util.List<URI> uris) {
    return uris.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(","));
  }

  public static URI local(String user, String password, int port) {
    return URI.create("amqp://" + user + ":" + password + "@127.0.0.1:" + port + "/%2F");
  }
}
