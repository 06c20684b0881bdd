/**
 * One run of {@code benchmarks.jar}, before and around JMH: profiles and JMH arguments, the checks made
 * before a broker starts ({@code Preflight}, {@code ParamValidation}, {@code DefaultCombinations}), the
 * CPU split, one measuring run per machine ({@code MachineLock}), what every fork is told
 * ({@code ForkProperties}), the passes ({@code PassRunner}), base and head interleaved
 * ({@code Interleaved}), failed trials and signals. Not here: the broker itself (broker), the
 * measurements (profilers, engine), or reading results back (results).
 */
package org.rabbitmqjmh.run;
