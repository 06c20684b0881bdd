package org.rabbitmqjmh.protocols;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.stomp.DefaultStompFrame;
import io.netty.handler.codec.stomp.StompCommand;
import io.netty.handler.codec.stomp.StompFrame;
import io.netty.handler.codec.stomp.StompHeaders;
import io.netty.handler.codec.stomp.StompSubframeAggregator;
import io.netty.handler.codec.stomp.StompSubframeDecoder;
import io.netty.handler.codec.stomp.StompSubframeEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rabbitmqjmh.broker.BrokerException;
import org.rabbitmqjmh.broker.Listener;

/**
 * One STOMP 1.2 connection on a Netty channel with an I/O thread of its own, over TCP or WebSocket: the
 * same STOMP codec either way, WebSocket frames being only an envelope for its bytes. Every frame that
 * waits for the broker carries a receipt; the {@link Acks} waiting for it are kept by receipt id.
 *
 * <p>Netty's WebSocket client rather than the JDK's: Web-STOMP sends every frame as a TEXT message
 * (unless the broker sets {@code web_stomp.ws_frame = binary}), bodies included, and the JDK client
 * fails the connection on the first body that is not UTF-8 (close 1007); Netty's lets us skip that check.
 */
final class StompConnection extends SimpleChannelInboundHandler<StompFrame> {

    private static final long TIMEOUT_MS = 10_000;
    private static final long CLOSE_MS = 2_000;
    private static final int MAX_FRAME = 64 << 20;

    private final String label;
    private final boolean webSocket;
    private final StompFrame connect;
    private final Consumer<byte[]> onMessage;
    private final Map<Long, Acks> receipts = new ConcurrentHashMap<>();
    private final AtomicLong lastReceipt = new AtomicLong();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Why the connection can no longer be used (the first cause); set before outstanding Acks are failed. */
    private volatile String failure;

    private EventLoopGroup group;
    private Channel channel;

    private StompConnection(String label, boolean webSocket, StompFrame connect, Consumer<byte[]> onMessage) {
        this.label = label;
        this.webSocket = webSocket;
        this.connect = connect;
        this.onMessage = onMessage;
    }

    /** Connects and returns once the broker has answered CONNECTED; {@code onMessage} null for a sender. */
    static StompConnection open(Endpoint endpoint, boolean webSocket, Consumer<byte[]> onMessage) {
        Listener listener = webSocket ? Listener.WEB_STOMP : Listener.STOMP;
        StompFrame connect = new DefaultStompFrame(StompCommand.CONNECT);
        connect.headers()
                .set(StompHeaders.ACCEPT_VERSION, "1.2")
                .set(StompHeaders.HOST, endpoint.vhost())
                .set(StompHeaders.LOGIN, endpoint.user())
                .set(StompHeaders.PASSCODE, endpoint.password())
                .set(StompHeaders.HEART_BEAT, "0,0");
        StompConnection c = new StompConnection(listener.label(), webSocket, connect, onMessage);
        String where = endpoint.hostForUri() + ":" + endpoint.port(listener);
        URI uri = URI.create("ws://" + where + "/ws");
        c.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("rabbitmq-jmh-" + c.label, true), NioIoHandler.newFactory());
        ChannelFuture f = new Bootstrap()
                .group(c.group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT_MS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (webSocket) {
                            c.webSocketEnvelope(ch.pipeline(), uri);
                        }
                        ch.pipeline()
                                .addLast(
                                        new StompSubframeDecoder(),
                                        new StompSubframeAggregator(MAX_FRAME),
                                        new StompSubframeEncoder(),
                                        c);
                    }
                })
                .connect(endpoint.host(), endpoint.port(listener));
        c.channel = f.channel();
        try {
            if (!f.awaitUninterruptibly(TIMEOUT_MS + 1_000) || !f.isSuccess()) {
                String plugin = listener.plugin().orElseThrow();
                throw new BrokerException(c.label + ": cannot connect to " + where + " (" + oneLine(f.cause())
                        + "); the broker needs the " + plugin + " plugin (rabbitmq-plugins enable " + plugin + ")");
            }
            c.await(c.connected, "CONNECTED from " + where);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Binary WebSocket messages out (STOMP bodies are bytes), any message in, as one byte stream. Close
     * frames come here too: Web-STOMP closes without an ERROR frame when, say, a SUBSCRIBE fails, so the
     * close reason is all there is to tell.
     */
    private void webSocketEnvelope(ChannelPipeline p, URI uri) {
        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16));
        p.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol("v12.stomp")
                .maxFramePayloadLength(MAX_FRAME)
                .withUTF8Validator(false)
                .handleCloseFrames(false)
                .handshakeTimeoutMillis(TIMEOUT_MS)
                .forceCloseTimeoutMillis(CLOSE_MS)
                .build()));
        p.addLast(new MessageToMessageDecoder<WebSocketFrame>(WebSocketFrame.class) {
            @Override
            protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
                if (frame instanceof CloseWebSocketFrame close) {
                    fail(label + ": the broker closed the WebSocket (" + close.statusCode() + " " + close.reasonText()
                            + ")");
                    ctx.close();
                } else {
                    out.add(frame.content().retain());
                }
            }
        });
        p.addLast(new MessageToMessageEncoder<ByteBuf>(ByteBuf.class) {
            @Override
            protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
                out.add(new BinaryWebSocketFrame(bytes.retain()));
            }
        });
    }

    /** Called from one thread at a time; does not wait for the RECEIPT. */
    void send(String destination, byte[] body, Acks acks) {
        long id = lastReceipt.incrementAndGet();
        receipts.put(id, acks);
        if (failure != null) { // fail() may have drained the map before this put
            if (receipts.remove(id) != null) {
                acks.failed(failure);
            }
            return;
        }
        // A copy: the caller may reuse its array once send returns, before the I/O thread encodes the frame.
        StompFrame frame = new DefaultStompFrame(
                StompCommand.SEND, channel.alloc().buffer(body.length).writeBytes(body));
        frame.headers()
                .set(StompHeaders.DESTINATION, destination)
                .set(StompHeaders.RECEIPT, Long.toString(id))
                .setInt(StompHeaders.CONTENT_LENGTH, body.length)
                .set(StompHeaders.CONTENT_TYPE, "application/octet-stream");
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** Returns once the broker has registered the consumer (its RECEIPT for the SUBSCRIBE). */
    void subscribe(String destination, int prefetch, boolean stream) {
        StompFrame frame = new DefaultStompFrame(StompCommand.SUBSCRIBE);
        frame.headers()
                .set(StompHeaders.DESTINATION, destination)
                .set(StompHeaders.ID, "0")
                .set(StompHeaders.ACK, "client-individual")
                .setInt("prefetch-count", prefetch);
        if (stream) {
            frame.headers().set("x-stream-offset", "first"); // a stream is read from an offset
        }
        await(request(frame), "RECEIPT for SUBSCRIBE to " + destination);
    }

    /** DISCONNECT, waiting briefly for its RECEIPT so the broker has processed what came before; never throws. */
    void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // From onMessage, on the I/O thread: a wait there would wait for itself (Netty refuses it anyway).
        boolean mayWait = !channel.eventLoop().inEventLoop();
        try {
            if (mayWait && failure == null && connected.isDone() && channel.isActive()) {
                request(new DefaultStompFrame(StompCommand.DISCONNECT)).get(CLOSE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Closing regardless: the broker drops the session with the connection.
        } finally {
            ChannelFuture closed = channel.close(); // runs before the loop stops: it runs its pending tasks first
            Future<?> down = group.shutdownGracefully(0, CLOSE_MS, TimeUnit.MILLISECONDS);
            if (mayWait) {
                closed.awaitUninterruptibly(CLOSE_MS);
                down.awaitUninterruptibly(CLOSE_MS);
            }
        }
    }

    /** Sends {@code frame} with a receipt; the future completes when the RECEIPT arrives. */
    private CompletableFuture<Void> request(StompFrame frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long id = lastReceipt.incrementAndGet();
        receipts.put(id, new Acks() {
            @Override
            public void acked() {
                done.complete(null);
            }

            @Override
            public void failed(String why) {
                done.completeExceptionally(new BrokerException(why));
            }
        });
        frame.headers().set(StompHeaders.RECEIPT, Long.toString(id));
        if (failure != null) {
            fail(failure); // fails done too
        } else {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
        return done;
    }

    private void await(CompletableFuture<Void> f, String what) {
        try {
            f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BrokerException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerException(label + ": no " + what + " within " + TIMEOUT_MS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(label + ": interrupted waiting for " + what);
        }
    }

    /** Fails whatever waits on the broker, now and later, with the first cause. */
    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        connected.completeExceptionally(new BrokerException(failure));
        for (Long id : receipts.keySet()) {
            Acks a = receipts.remove(id);
            if (a != null) {
                a.failed(failure);
            }
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!webSocket) {
            ctx.writeAndFlush(connect);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.writeAndFlush(connect);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(label + ": no answer to the WebSocket handshake within " + TIMEOUT_MS / 1000 + " s");
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StompFrame frame) {
        if (frame.decoderResult().isFailure()) {
            throw new IllegalStateException(
                    "undecodable frame: " + oneLine(frame.decoderResult().cause()));
        }
        switch (frame.command()) {
            case MESSAGE -> {
                if (closing.get()) {
                    return; // the rest of a read after close: the broker redelivers it
                }
                onMessage.accept(ByteBufUtil.getBytes(frame.content()));
                StompFrame ack = new DefaultStompFrame(StompCommand.ACK);
                ack.headers().set(StompHeaders.ID, frame.headers().get(StompHeaders.ACK));
                ctx.write(ack, ctx.voidPromise()); // flushed once per read, in channelReadComplete
            }
            case RECEIPT -> {
                Acks a = receipts.remove(Long.parseLong(frame.headers().getAsString(StompHeaders.RECEIPT_ID)));
                if (a != null) {
                    a.acked();
                }
            }
            case CONNECTED -> connected.complete(null);
            case ERROR -> {
                String body = frame.content().toString(StandardCharsets.UTF_8).strip();
                String message = frame.headers().getAsString(StompHeaders.MESSAGE);
                fail(oneLine(
                        label + ": " + (message == null ? "ERROR" : message) + (body.isEmpty() ? "" : ": " + body)));
                ctx.close();
            }
            default -> {}
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(label
                + (closing.get()
                        ? ": the connection was closed before the broker answered"
                        : ": the broker closed the connection"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(label + ": " + oneLine(cause));
        ctx.close();
    }

    private static String oneLine(Throwable t) {
        return t == null ? "timed out" : Failures.oneLine(t);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
