/** What publishing costs: confirm strategies, batch sizes, message sizes, durability, queue types. */
package org.rabbitmqjmh.benchmarks.publish;
