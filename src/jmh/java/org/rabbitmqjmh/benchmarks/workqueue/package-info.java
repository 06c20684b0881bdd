/** Work queues: competing workers on one queue, fair dispatch, uneven tasks. */
package org.rabbitmqjmh.benchmarks.workqueue;
