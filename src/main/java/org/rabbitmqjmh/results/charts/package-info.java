/**
 * Charts of one run: {@link org.rabbitmqjmh.results.charts.Report} writes PNGs (XChart) and an
 * {@code index.html} for a run folder, or for a comparison of two.
 */
package org.rabbitmqjmh.results.charts;
