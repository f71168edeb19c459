package io.kairos.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.kairos.batch.archfixture.BatchClassThatRendersTheReport;
import io.kairos.delivery.archfixture.DeliveryClassThatEncodesDecisions;
import io.kairos.domain.archfixture.DomainClassThatLeaksSpring;
import io.kairos.domain.archfixture.DomainClassThatRendersTheReport;
import io.kairos.http.archfixture.HttpClassThatDecodesKafkaRecords;
import io.kairos.persistence.archfixture.PersistenceClassThatRunsTheSimulator;
import io.kairos.report.archfixture.ReportClassThatCallsTheApi;
import io.kairos.simulator.archfixture.SimulatorClassThatMigratesTheDatabase;
import io.kairos.streaming.archfixture.StreamingClassThatCallsTheApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * States the dependency rule of the hexagon: the domain depends on no framework and no other module; the simulator
 * sees only the domain; the report sees no adapter; adapters never see each other (the HTTP adapter sees the report
 * it serves, nothing else). Runs here because this module has every other module on its classpath.
 */
class ArchitectureTest {

    static final String DOMAIN = "io.kairos.domain..";
    static final String PERSISTENCE = "io.kairos.persistence..";
    static final String STREAMING = "io.kairos.streaming..";
    static final String BATCH = "io.kairos.batch..";
    static final String SIMULATOR = "io.kairos.simulator..";
    static final String REPORT = "io.kairos.report..";
    static final String HTTP = "io.kairos.http..";
    static final String DELIVERY = "io.kairos.delivery..";
    static final String APP = "io.kairos.app..";

    /** What neither the domain nor the simulator may touch: every framework and driver an adapter owns. */
    static final String[] FRAMEWORKS = {
        "org.springframework..",
        "org.apache.kafka..",
        "kafka..",
        "org.jooq..",
        "java.sql..",
        "javax.sql..",
        "org.postgresql..",
        "jakarta..",
        "javax.persistence..",
        "org.hibernate..",
        "com.fasterxml.jackson..",
        "tools.jackson..",
        "org.flywaydb..",
        "io.zonky.."
    };

    static final ArchRule DOMAIN_IS_FRAMEWORK_FREE = noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    concat(FRAMEWORKS, PERSISTENCE, STREAMING, BATCH, SIMULATOR, REPORT, HTTP, DELIVERY, APP))
            .because("the domain is the shared core both modes drive; frameworks belong in adapters");

    static final ArchRule PERSISTENCE_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(PERSISTENCE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(STREAMING, BATCH, SIMULATOR, REPORT, HTTP, DELIVERY, APP)
            .because("adapters meet only through the domain's ports");

    static final ArchRule STREAMING_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(STREAMING)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, BATCH, SIMULATOR, REPORT, HTTP, DELIVERY, APP)
            .because("adapters meet only through the domain's ports");

    static final ArchRule BATCH_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(BATCH)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, STREAMING, SIMULATOR, REPORT, HTTP, DELIVERY, APP)
            .because("adapters meet only through the domain's ports");

    static final ArchRule SIMULATOR_SEES_ONLY_THE_DOMAIN = noClasses()
            .that()
            .resideInAPackage(SIMULATOR)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(FRAMEWORKS, PERSISTENCE, STREAMING, BATCH, REPORT, HTTP, DELIVERY, APP))
            .because("the simulator drives the platform through SimulationDriver, which the app implements");

    static final ArchRule REPORT_SEES_NO_ADAPTER = noClasses()
            .that()
            .resideInAPackage(REPORT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, STREAMING, BATCH, SIMULATOR, HTTP, DELIVERY, APP, "org.springframework..")
            .because("the report reads the tables with plain JDBC and is served by whoever shows it; the app wires it");

    static final ArchRule HTTP_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, STREAMING, BATCH, SIMULATOR, DELIVERY, APP)
            .because("the HTTP adapter serves the report through the domain's ports; adapters never see each other");

    static final ArchRule DELIVERY_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(DELIVERY)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, STREAMING, BATCH, SIMULATOR, REPORT, HTTP, APP)
            .because("the channels read the decisions topic's documented format and the delivery log's port;"
                    + " adapters never see each other");

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // Other modules arrive as directories in a reactor build and as jars otherwise; both are imported. The
        // report's test fixtures arrive as its test jar, which ArchUnit's test filter does not recognise.
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.kairos");
    }

    @Test
    void givenProductionClasses_whenChecked_thenEveryModuleIsPresent() {
        assertThat(production.containPackage("io.kairos.domain")).isTrue();
        assertThat(production.containPackage("io.kairos.persistence")).isTrue();
        assertThat(production.containPackage("io.kairos.streaming")).isTrue();
        assertThat(production.containPackage("io.kairos.batch")).isTrue();
        assertThat(production.containPackage("io.kairos.simulator")).isTrue();
        assertThat(production.containPackage("io.kairos.report")).isTrue();
        assertThat(production.containPackage("io.kairos.http")).isTrue();
        assertThat(production.containPackage("io.kairos.delivery")).isTrue();
        assertThat(production.containPackage("io.kairos.app")).isTrue();
    }

    @Test
    void givenDomain_whenChecked_thenItDependsOnNoFrameworkAndNoOtherModule() {
        DOMAIN_IS_FRAMEWORK_FREE.check(production);
    }

    @Test
    void givenAdapters_whenChecked_thenNoneDependsOnAnother() {
        PERSISTENCE_SEES_NO_OTHER_ADAPTER.check(production);
        STREAMING_SEES_NO_OTHER_ADAPTER.check(production);
        BATCH_SEES_NO_OTHER_ADAPTER.check(production);
        HTTP_SEES_NO_OTHER_ADAPTER.check(production);
        DELIVERY_SEES_NO_OTHER_ADAPTER.check(production);
    }

    @Test
    void givenSimulator_whenChecked_thenItDependsOnTheDomainOnly() {
        SIMULATOR_SEES_ONLY_THE_DOMAIN.check(production);
    }

    @Test
    void givenReport_whenChecked_thenItDependsOnNoAdapterAndNoSpring() {
        REPORT_SEES_NO_ADAPTER.check(production);
    }

    @Test
    void givenADomainClassThatImportsSpring_whenChecked_thenTheRuleFails() {
        assertViolation(DOMAIN_IS_FRAMEWORK_FREE, DomainClassThatLeaksSpring.class, "org.springframework");
    }

    @Test
    void givenADomainClassThatUsesTheReport_whenChecked_thenTheRuleFails() {
        assertViolation(DOMAIN_IS_FRAMEWORK_FREE, DomainClassThatRendersTheReport.class, "io.kairos.report");
    }

    @Test
    void givenAPersistenceClassThatUsesTheSimulator_whenChecked_thenTheRuleFails() {
        assertViolation(
                PERSISTENCE_SEES_NO_OTHER_ADAPTER, PersistenceClassThatRunsTheSimulator.class, "io.kairos.simulator");
    }

    @Test
    void givenAStreamingClassThatUsesTheHttpAdapter_whenChecked_thenTheRuleFails() {
        assertViolation(STREAMING_SEES_NO_OTHER_ADAPTER, StreamingClassThatCallsTheApi.class, "io.kairos.http");
    }

    @Test
    void givenABatchClassThatUsesTheReport_whenChecked_thenTheRuleFails() {
        assertViolation(BATCH_SEES_NO_OTHER_ADAPTER, BatchClassThatRendersTheReport.class, "io.kairos.report");
    }

    @Test
    void givenASimulatorClassThatUsesPersistence_whenChecked_thenTheRuleFails() {
        assertViolation(
                SIMULATOR_SEES_ONLY_THE_DOMAIN, SimulatorClassThatMigratesTheDatabase.class, "io.kairos.persistence");
    }

    @Test
    void givenAReportClassThatUsesTheHttpAdapter_whenChecked_thenTheRuleFails() {
        assertViolation(REPORT_SEES_NO_ADAPTER, ReportClassThatCallsTheApi.class, "io.kairos.http");
    }

    @Test
    void givenAnHttpClassThatUsesTheStreamingAdapter_whenChecked_thenTheRuleFails() {
        assertViolation(HTTP_SEES_NO_OTHER_ADAPTER, HttpClassThatDecodesKafkaRecords.class, "io.kairos.streaming");
    }

    @Test
    void givenADeliveryClassThatUsesTheStreamingWireFormat_whenChecked_thenTheRuleFails() {
        assertViolation(DELIVERY_SEES_NO_OTHER_ADAPTER, DeliveryClassThatEncodesDecisions.class, "io.kairos.streaming");
    }

    /** The rule fails on the fixture alone, and its report names the package the fixture should not have used. */
    private static void assertViolation(ArchRule rule, Class<?> fixture, String forbiddenPackage) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixture));
        assertThat(result.hasViolation()).as(fixture.getSimpleName()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(forbiddenPackage);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
