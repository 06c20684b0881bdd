/**
 * How far a comparison can be trusted on this machine: {@link org.rabbitmqjmh.results.calibration.Calibration}
 * turns same-build (A/A) runs into noise floors and counts false alarms; {@link
 * org.rabbitmqjmh.results.calibration.ForkSpread} measures fork-to-fork spread and how many forks a change needs.
 */
package org.rabbitmqjmh.results.calibration;
