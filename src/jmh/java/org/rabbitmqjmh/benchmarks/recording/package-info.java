/** What the harness itself costs per message, measured without a broker. */
package org.rabbitmqjmh.benchmarks.recording;
