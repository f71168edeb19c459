package io.kairos.domain.decision.engine;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler that rescales throughput to CPU time: operations per second of CPU consumed by the benchmark JVM
 * (all its threads, GC and JIT included). On a shared machine, wall-clock throughput measures the share of a core
 * the benchmark got; this measures what one core does. Use with {@code -prof
 * io.kairos.domain.decision.engine.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "throughput per CPU-second of the benchmark JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = processCpuNanos();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        double cpu = processCpuNanos() - cpuStart;
        double wall = System.nanoTime() - wallStart;
        double coresUsed = cpu / wall;
        return List.of(
                new ScalarResult("cpu.cores", coresUsed, "cores", AggregationPolicy.AVG),
                new ScalarResult(
                        "per.cpu.second",
                        result.getPrimaryResult().getScore() / coresUsed,
                        "ops/cpu-s",
                        AggregationPolicy.AVG));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
