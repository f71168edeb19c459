package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.cli.InProcessKairos.Run;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kairos experiment create|start|stop|list|show} on the test PostgreSQL: the lifecycle and its refusals. */
class ExperimentCommandIT {

    static TestPostgres postgres;

    @BeforeAll
    static void database() {
        postgres = TestServers.postgres().freshDatabase("experiment_cli");
    }

    static Run kairos(String... arguments) {
        return InProcessKairos.against(postgres, arguments);
    }

    @Test
    void givenBadArguments_whenCreating_thenExit2WithEveryProblem() {
        Run badArm = kairos("experiment", "create", "--key", "bad-arm", "--arm", "Control:10");
        Run badPlan = kairos("experiment", "create", "--key", "bad-plan", "--primary", "revenue", "--alpha", "0.9");
        Run badDuration = kairos("experiment", "create", "--key", "bad-window", "--attribution", "3 weeks");
        Run duplicateArm = kairos("experiment", "create", "--key", "dup", "--arm", "batch=5", "--arm", "batch=5");
        Run badKey = kairos("experiment", "create", "--key", "checkout/q1");

        assertThat(badArm.exit()).isEqualTo(2);
        assertThat(badArm.err()).contains("--arm takes NAME=WEIGHT", "'Control:10'");
        assertThat(badPlan.exit()).isEqualTo(2);
        assertThat(badPlan.err())
                .contains("invalid analysis plan: the primary metric must be one of", "alpha must be in (0, 0.5]");
        assertThat(badDuration.exit()).isEqualTo(2);
        assertThat(badDuration.err()).contains("--attribution takes a whole number of hours or days");
        assertThat(duplicateArm.exit()).isEqualTo(2);
        assertThat(duplicateArm.err()).contains("duplicate arm batch");
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains("experiment key 'checkout/q1' must be 1 to 100 letters");
    }

    @Test
    void givenADraft_whenStartedThenChanged_thenTheChangeIsRefusedAndTheTrailShowsWhoDidWhat() {
        Run created = kairos(
                "experiment",
                "create",
                "--key",
                "checkout-q1",
                "--description",
                "Cart recovery",
                "--attribution",
                "72h",
                "--horizon",
                "14d",
                "--secondary",
                "click_through,time_to_conversion",
                "--actor",
                "ana");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created draft experiment checkout-q1", "attribution 72 h");

        Run started = kairos("experiment", "start", "--key", "checkout-q1", "--actor", "ops");
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).contains("Started experiment checkout-q1", "planned end");

        Run changed =
                kairos("experiment", "create", "--key", "checkout-q1", "--arm", "batch=50", "--arm", "realtime=50");
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.err()).contains("cannot change after the start", "create a new experiment with another key");
        assertThat(kairos("experiment", "start", "--key", "checkout-q1").err()).contains("an experiment starts once");

        Run stopped = kairos("experiment", "stop", "--key", "checkout-q1", "--actor", "lead");
        assertThat(stopped.exit()).as(stopped.err()).isZero();
        Run list = kairos("experiment", "list");
        assertThat(list.out()).containsPattern("checkout-q1\\s+stopped");
        Run shown = kairos("experiment", "show", "--key", "checkout-q1");
        assertThat(shown.out())
                .contains("experiment   checkout-q1 (stopped)", "description  Cart recovery")
                .contains("secondary click_through time_to_conversion")
                .contains(" ana experiment.create ", " ops experiment.start ", " lead experiment.stop ");
        assertThat(shown.out())
                .as("no data yet and no baseline given")
                .contains("sample size  needs a baseline conversion rate: pass --baseline 0.05");
        // R 4.2.2: power.prop.test(p1 = 0.05, p2 = 0.055, sig.level = 0.05, power = 0.8)$n -> 31233.4379401286
        assertThat(kairos("experiment", "show", "--key", "checkout-q1", "--baseline", "0.05")
                        .out())
                .contains("sample size  31,234 triggered users per arm to detect 5.00 % → 5.50 % (from the given"
                        + " baseline) with alpha 0.05 and power 0.8");
        assertThat(kairos("experiment", "show", "--key", "nope").exit()).isEqualTo(1);
    }

    @Test
    void givenTwoExperimentsOfALayer_whenTheSecondTakesAnOverlappingRange_thenRefusedNamingBoth() {
        Run first = kairos("experiment", "create", "--key", "layer-a", "--layer", "checkout:0-5000");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("layer        checkout:0-5000 (50 % of the traffic)");

        Run overlapping = kairos("experiment", "create", "--key", "layer-b", "--layer", "checkout:4000-10000");
        Run badRange = kairos("experiment", "create", "--key", "layer-c", "--layer", "checkout:6000-5000");
        Run adjacent = kairos("experiment", "create", "--key", "layer-d", "--layer", "checkout:5000-10000");

        assertThat(overlapping.exit()).isEqualTo(1);
        assertThat(overlapping.err())
                .contains("checkout:4000-10000 overlaps checkout:0-5000 of experiment 'layer-a' (draft)");
        assertThat(badRange.exit()).isEqualTo(2);
        assertThat(badRange.err()).contains("0 <= from < to <= 10000");
        assertThat(adjacent.exit()).as(adjacent.err()).isZero();
        assertThat(kairos("experiment", "show", "--key", "layer-b").exit()).isEqualTo(1);
    }
}
