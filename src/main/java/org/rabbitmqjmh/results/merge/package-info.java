/**
 * One run made by several workers on several hosts, as one result: {@link org.rabbitmqjmh.results.merge.WorkerMerge}
 * checks that the workers' folders are the whole of one run, adds their rates and merges their latency
 * histograms ({@link org.rabbitmqjmh.results.merge.WorkerFolder} reads one worker's folder).
 */
package org.rabbitmqjmh.results.merge;
