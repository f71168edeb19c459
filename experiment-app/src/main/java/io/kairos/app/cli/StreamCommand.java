package io.kairos.app.cli;

import io.kairos.app.streaming.StreamingOptions;
import io.kairos.app.streaming.StreamingPipeline;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kairos stream}: runs the real-time consumers, the event archivers and the decision publisher always-on
 * (embedded servers by default), logging progress and lag, until Ctrl-C or SIGTERM, when each consumer finishes its
 * batch and stops; exits with 1 if a component stops on a fatal failure.
 */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        description = {
            "Run the real-time consumer, the event archiver and the decision publisher until Ctrl-C / SIGTERM.",
            "Settings: kairos.streaming.* (experiment key, grace, heartbeat, consumer counts), see docs/operations.md."
        })
public final class StreamCommand implements Callable<Integer> {

    @Mixin
    SpringArguments spring;

    @Override
    public Integer call() throws InterruptedException {
        // application.properties quiets io.kairos; these more specific loggers carry the progress and lag lines.
        Map<String, Object> defaults = Map.of(
                "spring.kafka.admin.fail-fast", "true",
                "logging.level.io.kairos.streaming", "INFO",
                "logging.level.io.kairos.app.streaming", "INFO");
        ConfigurableApplicationContext context;
        StreamingPipeline pipeline;
        try {
            context = SpringContexts.start(defaults, spring.springArguments());
            pipeline = context.getBean(StreamingPipeline.class);
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "stream", failure);
            return 1;
        } catch (RuntimeException e) {
            System.err.println("kairos stream: " + StartupProblem.explain(e));
            return 1;
        }
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        pipeline.start();
        StreamingOptions options = pipeline.options();
        System.out.println("Kairos is streaming. Press Ctrl-C to stop.");
        System.out.println("  events     " + options.activityTopic() + " (groups " + options.realtimeGroup() + ", "
                + options.archiveGroup() + ")");
        System.out.println("  decisions  " + options.decisionsTopic());
        System.out.println("  DLQ        " + options.deadLetterTopic());
        System.out.flush();
        while (!closed.await(1, TimeUnit.SECONDS)) {
            Optional<Throwable> failure = pipeline.failure();
            if (failure.isPresent()) {
                System.err.println(
                        "kairos stream: stopped on a fatal failure: " + StartupProblem.explain(failure.get()));
                context.close();
                return 1;
            }
        }
        return 0;
    }
}
