/** Our benchmarks beside RabbitMQ PerfTest on one broker, measured the same way, round by round. */
package org.rabbitmqjmh.perftest;
