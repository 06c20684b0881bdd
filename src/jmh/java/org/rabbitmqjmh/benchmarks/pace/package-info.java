/** Back-pressure in steady state: a paced producer against a slower consumer, with each back-pressure mode (the PaceMatching program's run, under JMH). */
package org.rabbitmqjmh.benchmarks.pace;
