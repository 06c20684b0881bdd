/**
 * Pace matching: a rate-limited producer against a slower consumer on one queue, with the broker's
 * back-pressure (confirm window, queue length limit, memory alarm) and the producer's reaction to it
 * measured second by second.
 */
package org.rabbitmqjmh.pace;
