/** The protocols RabbitMQ speaks, one benchmark over all of them: AMQP 0.9.1 and 1.0, streams, MQTT, STOMP, over WebSocket and TLS (the clients live in protocols/). */
package org.rabbitmqjmh.benchmarks.protocols;
