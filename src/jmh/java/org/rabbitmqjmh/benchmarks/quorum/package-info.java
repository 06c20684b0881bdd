/** Quorum queues as RabbitMQ 4.0 changed them: message priorities, the delivery limit. */
package org.rabbitmqjmh.benchmarks.quorum;
