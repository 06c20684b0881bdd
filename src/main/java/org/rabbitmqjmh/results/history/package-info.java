/**
 * Results across many commits of one machine: {@link org.rabbitmqjmh.results.history.History} appends runs
 * to a history ({@link org.rabbitmqjmh.results.history.HistoryStore}), finds change points in every row and
 * metric ({@link org.rabbitmqjmh.results.history.EDivisive}), charts them and exports a run for
 * github-action-benchmark and Bencher.
 */
package org.rabbitmqjmh.results.history;
