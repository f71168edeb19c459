package io.kairos.app.cli;

import io.kairos.app.Doctor;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kairos doctor}: checks that PostgreSQL and Kafka are reachable and reports what it finds. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Connect to the configured PostgreSQL and Kafka (embedded by default) and report their versions,"
                    + " the topics and the state of the schema migrations. Changes nothing.",
            "Exit code 0 when both are healthy, 1 otherwise."
        })
public final class DoctorCommand implements Callable<Integer> {

    @Mixin
    SpringArguments spring;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Map<String, Object> defaults = Map.of(
                "spring.flyway.enabled", "false",
                "spring.kafka.admin.auto-create", "false",
                "spring.kafka.admin.fail-fast", "false");
        try (ConfigurableApplicationContext context = SpringContexts.start(defaults, spring.springArguments())) {
            List<Doctor.Finding> findings = context.getBean(Doctor.class).examine();
            boolean healthy = true;
            for (Doctor.Finding finding : findings) {
                out.printf(
                        "%-11s %s%n",
                        finding.component(),
                        finding.problem().map(p -> "PROBLEM  " + p).orElse("ok"));
                finding.details().forEach(detail -> out.println("  " + detail));
                healthy &= finding.healthy();
            }
            if (!healthy) {
                System.err.println("kairos doctor: "
                        + String.join(
                                "; ",
                                findings.stream()
                                        .filter(f -> !f.healthy())
                                        .map(f -> f.component() + " is "
                                                + f.problem().orElseThrow())
                                        .toList()));
            }
            return healthy ? 0 : 1;
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "doctor", failure);
            return 1;
        }
    }
}
