package io.kairos.batch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Measures the time the job spends in its {@link JobRepository}: the steps and the job are built on a wrapper that
 * times every call, so the run report can state the repository's share of the run time.
 */
public final class RepositoryClock {

    private final LongAdder nanos = new LongAdder();

    /** {@code repository} with every call timed by this clock. */
    public JobRepository timed(JobRepository repository) {
        return (JobRepository) Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    long start = System.nanoTime();
                    try {
                        return method.invoke(repository, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        nanos.add(System.nanoTime() - start);
                    }
                });
    }

    /** Total time spent in the repository since this clock was made. */
    public Duration total() {
        return Duration.ofNanos(nanos.sum());
    }
}
