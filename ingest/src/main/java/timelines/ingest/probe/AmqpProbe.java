package timelines.ingest.probe;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Connects to a broker's vhost, opens a channel and optionally passive-declares a queue: the
 * checks that failed in the AmazonMQ vhost outage (seed 002), where the only detection was the
 * applications' own channel errors. When the broker refuses a step, the reason carries its reply
 * code and text ({@code 530 NOT_ALLOWED} for a vhost that is gone, {@code 404 NOT_FOUND} for a
 * missing queue). Every step is bounded by the timeout, and whatever was opened is closed.
 */
final class AmqpProbe implements Probe {
    private final URI uri;
    private final String queue;
    private final Duration timeout;
    private final String where;
    private final String connectionName;

    AmqpProbe(String name, ProbeSettings.Amqp target, Duration timeout) {
        this.uri = target.uri();
        this.queue = target.queue();
        this.timeout = timeout;
        this.where = displayed(target.uri());
        this.connectionName = "incident-timelines probe " + name;
    }

    @Override
    public Result check() {
        ConnectionFactory factory;
        try {
            factory = factory();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Result.failed(where + ": cannot use the URI: " + e.getMessage());
        }
        String step = "connect";
        Connection connection = null;
        Channel channel = null;
        try {
            connection = factory.newConnection(connectionName);
            step = "open a channel";
            channel = connection.createChannel();
            if (channel == null) {
                return Result.failed(where + ": open a channel: no channel number available");
            }
            if (queue != null) {
                step = "passive-declare queue '" + queue + "'";
                channel.queueDeclarePassive(queue);
            }
            return Result.ok(where + ": connected" + (queue == null ? "" : ", queue '" + queue + "' exists"));
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            return Result.failed(where + ": " + step + ": " + describe(e, timeout));
        } finally {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            if (channel != null && channel.isOpen()) {
                try {
                    channel.abort();
                } catch (IOException ignored) {
                    // abort only reports a close that failed; the connection's abort below ends it anyway
                }
            }
            if (connection != null) {
                connection.abort(millis);
            }
        }
    }

    private ConnectionFactory factory() throws GeneralSecurityException {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        if ("amqps".equalsIgnoreCase(uri.getScheme())) {
            // setUri trusts every certificate for amqps; a probe must see a broken certificate.
            f.useSslProtocol(defaultContext());
            f.enableHostnameVerification();
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        f.setConnectionTimeout(millis);
        f.setHandshakeTimeout(millis);
        f.setChannelRpcTimeout(millis);
        f.setShutdownTimeout(millis);
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        return f;
    }

    private static SSLContext defaultContext() throws NoSuchAlgorithmException {
        return SSLContext.getDefault();
    }

    /** The broker's reply code and text when it closed something, else the network failure. */
    static String describe(Throwable e, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShutdownSignalException s && s.getReason() != null) {
                String reply = reply(s.getReason());
                if (reply != null) {
                    return reply;
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return "timed out after " + timeout;
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String reply(Method reason) {
        if (reason instanceof AMQP.Connection.Close c) {
            return "connection closed by the broker: reply-code=" + c.getReplyCode() + ", reply-text=" + c.getReplyText();
        }
        if (reason instanceof AMQP.Channel.Close c) {
            return "channel closed by the broker: reply-code=" + c.getReplyCode() + ", reply-text=" + c.getReplyText();
        }
        return null;
    }

    /** host:port/vhost, never the credentials. */
    static String displayed(URI uri) {
        boolean tls = "amqps".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 5671 : 5672;
        String path = uri.getRawPath();
        String vhost = path == null || path.isEmpty() || path.equals("/") ? "/" : path.substring(1);
        return uri.getScheme() + "://" + uri.getHost() + ":" + port + "/" + (vhost.equals("/") ? "" : vhost);
    }
}
