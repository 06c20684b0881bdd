/**
 * One client per protocol RabbitMQ speaks (AMQP 0.9.1, Streams, MQTT, STOMP, AMQP 1.0, over WebSocket and
 * TLS where it can), each behind {@code ProtocolClient} so that {@code ProtocolBenchmark} measures them
 * alike: an outstanding window, acknowledgements, end-to-end latency.
 */
package org.rabbitmqjmh.protocols;
