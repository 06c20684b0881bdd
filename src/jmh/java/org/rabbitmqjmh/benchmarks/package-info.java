/** JMH benchmarks of RabbitMQ client settings; states shared by all of them live here. */
package org.rabbitmqjmh.benchmarks;
