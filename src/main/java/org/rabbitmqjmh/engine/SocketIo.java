package org.rabbitmqjmh.engine;

/** The client's transport. NIO is left out: amqp-client deprecated it in 5.27 in favour of Netty. */
public enum SocketIo {
    /** Blocking java.net sockets, the client's default: one reader thread per connection. */
    CLASSIC,
    /** Netty event loop (amqp-client 5.27+). */
    NETTY;

    public static SocketIo parse(String value) {
        return Enums.parse(SocketIo.class, value, "socket IO");
    }
}
