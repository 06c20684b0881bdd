package org.rabbitmqjmh.broker;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens one short-lived connection to learn a broker's version, turning every failure into one line. */
public final class BrokerProbe {

    static final int TIMEOUT_MS = 5_000;

    private BrokerProbe() {}

    /**
     * Waits until a node this process started accepts logins at {@code uri} and returns its version:
     * {@code requireRunning} throws if the node has exited meanwhile; {@code what} names the node in the
     * timeout's message. The private node and the container wait the same way.
     */
    static String awaitVersion(int amqpPort, URI uri, Duration timeout, String what, Runnable requireRunning) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireRunning.run();
            if (Ports.listening(amqpPort)) {
                try {
                    return version(uri);
                } catch (BrokerException notYet) {
                    // The listener opens a moment before the node accepts logins; try again shortly.
                }
            }
            Ports.pause(100);
        }
        throw new BrokerException(what + " was not ready within " + timeout.toSeconds() + " s (-D"
                + BrokerSettings.START_TIMEOUT + " sets the limit)");
    }

    public static String version(URI uri) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            if ("amqps".equals(uri.getScheme())) {
                factory.useSslProtocol(TlsTrust.context(TlsTrust.caFile()));
                factory.enableHostnameVerification();
            }
        } catch (BrokerException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerException("invalid broker URI '" + Uris.mask(uri) + "': " + Uris.mask(e.getMessage()));
        }
        factory.setConnectionTimeout(TIMEOUT_MS);
        factory.setHandshakeTimeout(TIMEOUT_MS);
        factory.setShutdownTimeout(TIMEOUT_MS);
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection c = factory.newConnection("rabbitmq-jmh-probe")) {
            Object v = c.getServerProperties().get("version");
            return v == null ? "unknown" : v.toString();
        } catch (Exception e) {
            throw explain(uri, e);
        }
    }

    /** Names the cause of a failed connection in words a user can act on. */
    public static BrokerException explain(URI uri, Exception e) {
        String where = Uris.mask(uri);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof AuthenticationFailureException
                || e instanceof PossibleAuthenticationFailureException
                || root instanceof AuthenticationFailureException) {
            return new BrokerException("the broker at " + where + " refused the credentials of user '" + userOf(uri)
                    + "'; check the user and password in the URI");
        }
        if (root instanceof ConnectException) {
            return new BrokerException("cannot reach a broker at " + where + ": connection refused; is RabbitMQ "
                    + "running there and is the port right?");
        }
        if (root instanceof UnknownHostException) {
            return new BrokerException("cannot reach a broker at " + where + ": unknown host '" + uri.getHost() + "'");
        }
        if (root instanceof SocketTimeoutException || e instanceof TimeoutException) {
            return new BrokerException("the broker at " + where + " did not answer within " + TIMEOUT_MS / 1000 + " s");
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        Matcher vhost = VHOST_REFUSED.matcher(msg);
        if (vhost.find()) {
            String text = vhost.group(1);
            if (text.contains("not found")) {
                return new BrokerException("the broker at " + where + " has no virtual host '" + Uris.vhost(uri) + "' ("
                        + text + "); create it (rabbitmqctl add_vhost) or fix the URI's path");
            }
            return new BrokerException(
                    "the broker at " + where + " refused user '" + userOf(uri) + "' the virtual host '"
                            + Uris.vhost(uri) + "' (" + text + "); grant it (rabbitmqctl set_permissions)");
        }
        return new BrokerException("cannot use the broker at " + where + ": "
                + Uris.mask(msg).lines().findFirst().orElse(""));
    }

    /** RabbitMQ's refusal of connection.open: "NOT_ALLOWED - vhost x not found", "... access to vhost ...". */
    private static final Pattern VHOST_REFUSED = Pattern.compile("reply-text=(NOT_ALLOWED - [^,]*vhost[^,]*)");

    private static String userOf(URI uri) {
        String info = uri.getUserInfo();
        if (info == null) {
            return "guest";
        }
        int colon = info.indexOf(':');
        return colon < 0 ? info : info.substring(0, colon);
    }
}
